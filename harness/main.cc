// wirecheck: the library (harness/, capture/, reports/) plus main().

#include <iostream>

#include "harness/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  return static_cast<int>(wirecheck::RunCommandLine(argc, argv, std::cout, std::cerr));
}
