# wirecheck_library(NAME [PUBLIC deps...] [PRIVATE deps...])
#
# One folder, one library: every *.cc of the calling folder (not main.cc, not
# *_test.cc) becomes the static library NAME. The rules of the one-way flow
# (docs/architecture.md) are facts of the build, not comments:
#
# - Headers are reached only through the link graph. The source root is on
#   no include path; each library publishes an include root of its own
#   (build/include/NAME) holding one link to its folder, so
#   `#include "harness/verify/verify.h"` compiles only in a target that links
#   wirecheck_verify, directly or through a PUBLIC dependency.
# - What a library uses it must declare. Beside the static library, NAME_link
#   is a shared object of the same objects linked with -z defs against
#   exactly the declared dependencies (the other libraries' _link objects,
#   whose PRIVATE dependencies do not leak): a call into yaml-cpp or libpcap
#   from a library that does not list it is an undefined symbol, and the
#   build fails. (Skipped under the sanitizers and in the fuzz build, whose
#   runtimes are resolved only in the final executable.)
function(wirecheck_library name)
  cmake_parse_arguments(ARG "" "" "PUBLIC;PRIVATE" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER sources EXCLUDE REGEX "/(main|[a-z_]*_test)\\.cc$")

  set(root ${CMAKE_BINARY_DIR}/include/${name})
  file(RELATIVE_PATH folder ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  get_filename_component(parent ${root}/${folder} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  if(NOT EXISTS ${root}/${folder})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/${folder} SYMBOLIC)
  endif()

  add_library(${name} STATIC ${sources})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_compile_options(${name} PRIVATE -fno-semantic-interposition)
  target_include_directories(${name} PUBLIC ${root})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE} wirecheck_warnings)

  if(WIRECHECK_SANITIZE OR WIRECHECK_FUZZ)
    return()
  endif()
  set(declared)
  foreach(dep IN LISTS ARG_PUBLIC ARG_PRIVATE)
    if(TARGET ${dep}_link)
      list(APPEND declared ${dep}_link)
    else()
      list(APPEND declared ${dep})
    endif()
  endforeach()
  add_library(${name}_link SHARED ${WIRECHECK_EMPTY_SOURCE})
  add_dependencies(${name}_link ${name})
  set_target_properties(${name}_link PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/link-check)
  target_link_libraries(${name}_link PRIVATE
    -Wl,--whole-archive $<TARGET_FILE:${name}> -Wl,--no-whole-archive ${declared})
  target_link_options(${name}_link PRIVATE LINKER:-z,defs LINKER:--no-copy-dt-needed-entries)
  add_dependencies(wirecheck_link_check ${name}_link)
endfunction()
