// The parsers on hostile input shapes (tests/parsers/hostile_shapes.hpp) at two sizes:
// MB/s at each and the time ratio (4 for a linear stage, 16 for a quadratic one). Prints
// figures; never run as a test (scaling_test.cpp holds the asserts).
//
//   build/bench/parser_scaling_bench [--runs 3] [--scale 1] [--write DIR] [SHAPE...]
//
// --scale multiplies both sizes (0.25: 256 KiB and 1 MiB, for a stage still quadratic).
// --write DIR writes each shape's large input to DIR/<shape>.eml instead of timing it,
// for `cvdctl inspect` (which runs what the daemon runs, crypto and intake included).

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "hostile_shapes.hpp"

namespace {

using cvdd::parsers::test::HostileShape;

struct Options {
  int runs = 3;
  double scale = 1;
  std::string writeDir;             // not empty: write the inputs, time nothing
  std::vector<std::string> shapes;  // empty: all
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      o.runs = std::atoi(argv[++i]);
    } else if (arg == "--write" && i + 1 < argc) {
      o.writeDir = argv[++i];
    } else if (arg == "--scale" && i + 1 < argc) {
      o.scale = std::atof(argv[++i]);
    } else {
      o.shapes.emplace_back(arg);
    }
  }
  return o;
}

double megabytes(std::size_t bytes) {
  return static_cast<double>(bytes) / 1e6;
}

std::size_t scaled(std::size_t bytes, double scale) {
  return static_cast<std::size_t>(static_cast<double>(bytes) * scale);
}

void measure(const HostileShape& shape, int runs, double scale) {
  using namespace cvdd::parsers::test;
  const std::string small = shape.build(scaled(smallBytes(shape), scale));
  const std::string large = shape.build(scaled(largeBytes(shape), scale));
  const double s = fastestSeconds(shape, small, runs);
  const double l = fastestSeconds(shape, large, runs);
  std::printf("%-36s %7.2f MB %8.1f ms %8.1f MB/s   %7.2f MB %8.1f ms %8.1f MB/s   x%.1f\n",
              std::string(shape.name).c_str(), megabytes(small.size()), s * 1e3,
              megabytes(small.size()) / s, megabytes(large.size()), l * 1e3,
              megabytes(large.size()) / l, l / s);
  std::fflush(stdout);
}

}  // namespace

void write(const HostileShape& shape, double scale, const std::string& dir) {
  using namespace cvdd::parsers::test;
  const std::string input = shape.build(scaled(largeBytes(shape), scale));
  const std::string path = dir + "/" + std::string(shape.name) + ".eml";
  std::ofstream(path, std::ios::binary)
      .write(input.data(), static_cast<std::streamsize>(input.size()));
  std::printf("%s\n", path.c_str());
}

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  cvdd::parsers::test::keepFreedMemory();
  if (o.writeDir.empty()) {
    std::printf("%-36s %30s   %30s   ratio (fastest of %d)\n", "shape", "small", "large", o.runs);
  }
  for (const HostileShape& shape : cvdd::parsers::test::hostileShapes()) {
    bool wanted = o.shapes.empty();
    for (const std::string& name : o.shapes) wanted = wanted || name == shape.name;
    if (!wanted) continue;
    if (o.writeDir.empty()) {
      measure(shape, o.runs, o.scale);
    } else {
      write(shape, o.scale, o.writeDir);
    }
  }
  return 0;
}
