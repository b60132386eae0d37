#pragma once
// Hostile input shapes for the parsers' size-scaling tests (scaling_test.cpp) and bench
// (bench/parser_scaling_bench.cpp): each builds a message, or a form body, of a given size
// out of one pattern that makes a careless scanner restart from every position.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/limits.hpp"

namespace cvdd::parsers::test {

/// Message: the daemon's pipeline on a raw message. Form: the form readers on a body text
/// (they read at most kMaxFormBytes, so these shapes are measured below that cap).
enum class Pipeline { Message, Form };

struct HostileShape {
  std::string_view name;  // also the name of its scaling TEST
  std::string (*build)(std::size_t bytes);
  Pipeline pipeline = Pipeline::Message;
};

/// Every shape, in a stable order.
const std::vector<HostileShape>& hostileShapes();

/// The shape of that name; throws std::out_of_range for an unknown name.
const HostileShape& hostileShape(std::string_view name);

/// The two sizes a shape is measured at: about 1 and 4 MiB for messages, a quarter of
/// kMaxFormBytes and kMaxFormBytes for form bodies.
std::size_t smallBytes(const HostileShape& shape);
std::size_t largeBytes(const HostileShape& shape);

/// The daemon's defaults with header_length and part_count raised: a header field shape is
/// scanned whole rather than cut at 64 KiB, a many-parts shape read to its end.
Limits scalingLimits();

struct PipelineResult {
  std::size_t limitHits = 0;  // limits analyzeMessage reported: 0 means all was read
  std::size_t textBytes = 0;  // body text (Message) or form values (Form) extracted
};

/// Message: analyzeMessage within scalingLimits, as the daemon runs it on every message.
/// Form: the report and vendor reply form readers, as the daemon runs them on a body text.
PipelineResult runPipeline(const HostileShape& shape, std::string_view input);

/// Makes glibc's malloc keep freed memory for reuse instead of returning large blocks to
/// the system: else every multi-megabyte string is a fresh mmap whose page faults cost
/// more per byte at 4 MiB than at 1 MiB (the mmap threshold adapts to the sizes seen),
/// which is no property of the parsers. Call once before timing; a no-op under ASan.
void keepFreedMemory();

/// CPU seconds (this thread's: time spent waiting for a core on a loaded machine does not
/// count) that `repeat` pipelines on the input take; *last gets the last one's result.
double timedSeconds(const HostileShape& shape, std::string_view input, int repeat,
                    PipelineResult* last = nullptr);

/// The fastest of `runs` timings of one pipeline, in CPU seconds.
double fastestSeconds(const HostileShape& shape, std::string_view input, int runs);

}  // namespace cvdd::parsers::test
