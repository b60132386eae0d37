// Keyring throughput against its yardstick, in one run on one machine: a bare
// `gpg --verify` (one process per message, nothing around it) per second; the Keyring's
// verifyDetached, signDetached and signAndEncrypt per second on one shared Keyring from 1
// and from 2 threads; and the gpg processes each operation starts once the key cache is
// warm. Prints figures; never run as a test.
//
//   build/bench/keyring_bench [-n 200]

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "crypto/keyring.hpp"
#include "gpg_spawn_log.hpp"
#include "gpg_test_support.hpp"

extern char** environ;

namespace {

using cvdd::crypto::Keyring;
using cvdd::crypto::SignatureStatus;
namespace test = cvdd::crypto::test;
using test::must;

// A report's signed part, about the size of the bench/openpgp_bench.py reports.
std::string reportPart() {
  std::string part = "Content-Type: text/plain; charset=UTF-8\r\n\r\nProduct: ExampleShop 3.2\r\n";
  for (int i = 0; i < 20; ++i) part += "The login form is injectable.\r\n";
  return part;
}

// Runs gpg with these arguments, output discarded, as a shell-less script would
// (posix_spawnp, like Python's subprocess); true when it exits 0.
bool runGpg(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string gpg = "gpg";
  argv.push_back(gpg.data());
  std::vector<std::string> copies(args);
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "gpg", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// n operations split over `threads` threads; returns operations per second. A failed
// operation stops its thread and is rethrown here.
double perSecond(std::size_t n, int threads, const std::function<void()>& operation) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::exception_ptr> failures(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    const std::size_t share = n / threads + (static_cast<std::size_t>(t) < n % threads ? 1 : 0);
    workers.emplace_back([&operation, &failure = failures[t], share] {
      try {
        for (std::size_t i = 0; i < share; ++i) operation();
      } catch (...) {
        failure = std::current_exception();
      }
    });
  }
  for (auto& w : workers) w.join();
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return static_cast<double>(n) / took.count();
}

// The coordinator is a Keyring; the reporter a home of the gpg command line, as in
// bench/openpgp_bench.py, where the yardstick runs: `gpg --verify` with gpg's defaults
// on the signer's own home.
struct Fixture {
  Keyring coordinator;
  std::string ours;
  std::filesystem::path reporterHome;
  std::string theirs;
  std::string part;
  std::string signature;  // the reporter's, over part
};

Fixture makeFixture(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "reporter");
  std::filesystem::permissions(dir / "reporter", std::filesystem::perms::owner_all);
  const std::string theirs =
      test::gpgGenerateKey(dir / "reporter", "Reporter <reporter@example.org>");
  const auto exported = test::gpg(dir / "reporter", "--armor --export " + theirs);
  test::writeFile(dir / "part", reportPart());
  const auto sign =
      test::gpg(dir / "reporter", "--armor --detach-sign --output " +
                                      test::shellQuote((dir / "part.asc").string()) + " " +
                                      test::shellQuote((dir / "part").string()));
  if (exported.exitCode != 0 || sign.exitCode != 0) throw std::runtime_error("gpg failed");
  Keyring coordinator = test::openKeyring(dir / "coordinator");
  std::string ours = must(coordinator.generateKey("Bench CERT", "vendors@cert.example"), "keygen");
  must(coordinator.importKeys(exported.output), "import");
  return Fixture{std::move(coordinator), std::move(ours),
                 dir / "reporter",       theirs,
                 reportPart(),           test::readFile(dir / "part.asc")};
}

struct Operation {
  const char* name;
  std::function<void(Fixture&)> run;
};

std::vector<Operation> operations() {
  return {
      {"verifyDetached",
       [](Fixture& f) {
         if (f.coordinator.verifyDetached(f.part, f.signature).status != SignatureStatus::Good)
           throw std::runtime_error("verifyDetached: not good");
       }},
      {"signDetached",
       [](Fixture& f) { must(f.coordinator.signDetached(f.part, f.ours), "sign"); }},
      {"signAndEncrypt",
       [](Fixture& f) {
         must(f.coordinator.signAndEncrypt(f.part, {f.theirs}, f.ours), "signAndEncrypt");
       }},
      // What the daemon does with a signed report from a reporter whose key is bound: it
      // verifies, then acknowledges signed and encrypted in one operation
      // (composeSignedEncrypted, RFC 3156 §6.2).
      {"signed report",
       [](Fixture& f) {
         if (f.coordinator.verifyDetached(f.part, f.signature).status != SignatureStatus::Good)
           throw std::runtime_error("verifyDetached: not good");
         must(f.coordinator.signAndEncrypt(f.part, {f.theirs}, f.ours), "signAndEncrypt");
       }},
  };
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string_view(argv[i]) == "-n") n = std::stoul(argv[i + 1]);
  }
  try {
    std::printf("machine: %u cores; n=%zu operations per figure\n",
                std::thread::hardware_concurrency(), n);
    test::TempDir dir;
    Fixture f = makeFixture(dir.path());

    // The yardstick: what one gpg process per message costs with nothing around it.
    const std::vector<std::string> verifyArgs{"--homedir",
                                              f.reporterHome.string(),
                                              "--batch",
                                              "--verify",
                                              (dir.path() / "part.asc").string(),
                                              (dir.path() / "part").string()};
    if (!runGpg(verifyArgs)) throw std::runtime_error("gpg --verify failed");
    const double bare = perSecond(n, 1, [&] { runGpg(verifyArgs); });
    std::printf("%-16s %7.1f /s  (one gpg process per message, 1 thread)\n", "gpg --verify", bare);

    for (const Operation& op : operations()) {
      op.run(f);  // warm the key cache
      const double one = perSecond(n, 1, [&] { op.run(f); });
      const double two = perSecond(n, 2, [&] { op.run(f); });
      std::printf("%-16s %7.1f /s with 1 thread, %7.1f /s with 2 (%.2f and %.2f x gpg --verify)\n",
                  op.name, one, two, one / bare, two / bare);
    }

    // gpg processes per operation, counted by a logging wrapper around gpg on a Keyring of
    // its own (opened while the wrapper is the default engine).
    test::GpgSpawnLog log(dir.path());
    std::filesystem::create_directories(dir.path() / "counted");
    Fixture counted = makeFixture(dir.path() / "counted");
    constexpr std::size_t kCounted = 10;
    for (const Operation& op : operations()) {
      const std::size_t cold = log.count();
      op.run(counted);
      const std::size_t warm = log.count();
      for (std::size_t i = 0; i < kCounted; ++i) op.run(counted);
      std::printf("%-16s %5.2f gpg processes per operation warm (%zu for the first, cold)\n",
                  op.name, static_cast<double>(log.count() - warm) / kCounted, warm - cold);
    }
    const auto lookups = [&] {
      (void)counted.coordinator.findKey(counted.theirs);
      (void)counted.coordinator.listKeys("reporter@example.org");
    };
    lookups();  // warm
    const std::size_t before = log.count();
    for (std::size_t i = 0; i < kCounted; ++i) lookups();
    std::printf("%-16s %5.2f gpg processes per lookup warm\n", "findKey/listKeys",
                static_cast<double>(log.count() - before) / (2 * kCounted));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "keyring_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
