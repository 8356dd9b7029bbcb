// An empty translation unit: the link-check shared objects of cmake/wirecheck_library.cmake are made of their static library alone.
