// wirecheck: the library (harness/, capture/, reports/) plus main().

#include <iostream>

#include "harness/cli/cli.h"
#include "harness/cli/open_file_limit.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  wirecheck::RaiseOpenFileLimit();  // scripted peers' sockets live in this process
  return static_cast<int>(wirecheck::RunCommandLine(argc, argv, std::cout, std::cerr));
}
