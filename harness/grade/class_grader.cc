#include "harness/grade/class_grader.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <system_error>

#include "harness/grade/grade_items.h"
#include "harness/grade/grade_outputs.h"
#include "harness/process/interrupt.h"

namespace wirecheck {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A worker tells its parent only why it could not grade (through a pipe that
// closes when it ends); the grade itself is in its files.
constexpr int kWorkerGraded = 0;
constexpr int kWorkerUngraded = 3;

struct Worker {
  pid_t pid = -1;
  int pipe = -1;        // read end: wirecheck's own error, then EOF at exit
  std::string name;
  std::string message;
  Clock::time_point started;
};

void WriteAll(int fd, const std::string& text) {
  for (std::size_t at = 0; at < text.size();) {
    const ssize_t n = write(fd, text.data() + at, text.size() - at);
    if (n <= 0 && errno != EINTR) return;
    if (n > 0) at += static_cast<std::size_t>(n);
  }
}

// The worker's whole life: grade, write the files, say what went wrong.
[[noreturn]] void WorkerMain(const Assignment& assignment, const ClassOptions& options, const std::string& name,
                             int pipe) {
  const std::string folder = (fs::path(options.out) / name).string();
  std::error_code ec;
  fs::create_directories(folder, ec);
  std::ofstream log((fs::path(folder) / "wirecheck.log").string(), std::ios::trunc);
  GradeSettings settings = options.settings;
  settings.keep_pcap = folder;  // beside its report.html, which links them
  const SubmissionResult result =
      GradeSubmission(assignment, name, (fs::path(options.submissions) / name).string(), settings, log);
  std::string err = result.harness_error;
  if (err.empty() && !WriteSubmissionFiles(folder, result, &err)) err = "cannot write its files: " + err;
  if (!err.empty()) WriteAll(pipe, err);
  log.close();
  _exit(err.empty() ? kWorkerGraded : kWorkerUngraded);
}

bool StartWorker(const Assignment& assignment, const ClassOptions& options, const std::string& name, Worker* w,
                 std::string* err) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    *err = std::string("cannot make a pipe: ") + std::strerror(errno);
    return false;
  }
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = fork();
  if (pid < 0) {
    *err = std::string("cannot start a worker: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) {
    close(fds[0]);
    WorkerMain(assignment, options, name, fds[1]);
  }
  close(fds[1]);
  w->pid = pid;
  w->pipe = fds[0];
  w->name = name;
  w->started = Clock::now();
  return true;
}

// Reads what the worker said; true once it has closed its end (ended).
bool DrainWorker(Worker* w) {
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(w->pipe, buffer, sizeof buffer);
    if (n > 0) {
      if (w->message.size() < 64 * 1024) w->message.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n == 0 || errno != EAGAIN;
  }
}

std::string WorkerEndText(int status) {
  if (WIFSIGNALED(status)) return std::string("its worker was killed by ") + strsignal(WTERMSIG(status));
  return "its worker exited with code " + std::to_string(WEXITSTATUS(status));
}

bool SameColumns(const reports::SubmissionGrade& g, const std::vector<std::string>& columns) {
  if (g.items.size() != columns.size()) return false;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (g.items[i].name != columns[i]) return false;
  }
  return true;
}

class ClassGrading {
 public:
  ClassGrading(const Assignment& assignment, const ClassOptions& options,
               const std::function<void(const SubmissionProgress&)>& progress)
      : assignment_(assignment), options_(options), progress_(progress) {}

  ClassResult Run() {
    result_.gradebook.assignment = assignment_.title;
    GradebookColumns(assignment_, &result_.gradebook.columns, &result_.gradebook.column_points);
    std::vector<std::string> names;
    if (!Select(&names)) return std::move(result_);
    std::error_code ec;
    fs::create_directories(options_.out, ec);
    if (ec) return Failed("cannot make " + options_.out + ": " + ec.message());
    total_ = names.size();
    std::vector<std::string> queue;
    for (const std::string& name : names) {
      if (!Resume(name)) queue.push_back(name);
    }
    if (!queue.empty()) GradeAll(queue);
    std::sort(result_.gradebook.submissions.begin(), result_.gradebook.submissions.end(),
              [](const auto& a, const auto& b) { return a.submission < b.submission; });
    std::string err;
    if (!WriteGradebookFile((fs::path(options_.out) / "gradebook.csv").string(), result_.gradebook, &err) ||
        !WriteClassPageFile((fs::path(options_.out) / "index.html").string(), result_.gradebook, result_.ungraded, {},
                            &err)) {
      return Failed(err);
    }
    return std::move(result_);
  }

 private:
  ClassResult Failed(std::string why) {
    result_.error = std::move(why);
    return std::move(result_);
  }

  bool Select(std::vector<std::string>* names) {
    std::string err;
    *names = ListSubmissions(options_.submissions, &err);
    if (!err.empty()) {
      result_.error = err;
      return false;
    }
    if (!options_.only.empty()) {
      for (const std::string& only : options_.only) {
        if (std::find(names->begin(), names->end(), only) == names->end()) {
          result_.error = "--only " + only + ": no submission of that name in " + options_.submissions;
          return false;
        }
      }
      std::erase_if(*names, [&](const std::string& n) {
        return std::find(options_.only.begin(), options_.only.end(), n) == options_.only.end();
      });
    }
    *names = ShardOf(*names, options_.shard_index, options_.shard_count);
    return true;
  }

  // --resume: a grade of this assignment's items left by an earlier grading.
  bool Resume(const std::string& name) {
    if (!options_.resume) return false;
    reports::SubmissionGrade grade;
    std::string err;
    if (!ReadSubmissionGrade((fs::path(options_.out) / name).string(), &grade, &err)) return false;
    if (grade.submission != name || !SameColumns(grade, result_.gradebook.columns)) return false;
    Report(name, &grade, "", true, 0);
    result_.gradebook.submissions.push_back(std::move(grade));
    return true;
  }

  void Report(const std::string& name, const reports::SubmissionGrade* grade, const std::string& error, bool resumed,
              double seconds) {
    SubmissionProgress p;
    p.name = name;
    p.done = ++done_;
    p.total = total_;
    p.resumed = resumed;
    p.error = error;
    p.seconds = seconds;
    if (grade) {
      p.earned = grade->earned();
      p.possible = grade->possible();
    }
    if (progress_) progress_(p);
  }

  void GradeAll(const std::vector<std::string>& queue) {
    options_copy_ = options_;
    GradeSettings& settings = options_copy_.settings;
    std::string err;
    std::string made_work;
    if (options_copy_.settings.work.empty()) {
      made_work = MakeWorkFolder(&err);
      if (made_work.empty()) {
        result_.error = err;
        return;
      }
      settings.work = made_work;
    }
    std::size_t next = 0;
    const std::size_t jobs = static_cast<std::size_t>(std::max(1, options_.jobs));
    while ((next < queue.size() && !interrupted_) || !workers_.empty()) {
      while (!interrupted_ && next < queue.size() && workers_.size() < jobs) {
        Worker w;
        if (!StartWorker(assignment_, options_copy_, queue[next], &w, &err)) {
          result_.ungraded.push_back(queue[next] + ": " + err);
          Report(queue[next], nullptr, err, false, 0);
        } else {
          workers_.push_back(w);
        }
        ++next;
      }
      WaitForWorkers();
    }
    result_.interrupted = interrupted_;
    if (!made_work.empty()) {
      std::error_code ec;
      fs::remove_all(made_work, ec);
    }
  }

  void WaitForWorkers() {
    std::vector<pollfd> fds;
    for (const Worker& w : workers_) fds.push_back({w.pipe, POLLIN, 0});
    if (InterruptFd() >= 0) fds.push_back({InterruptFd(), POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) return;
    if (InterruptSignal() != 0 && !interrupted_) {
      interrupted_ = true;
      // Each worker ends its run, says it was interrupted, and exits.
      for (const Worker& w : workers_) kill(w.pid, SIGTERM);
    }
    for (std::size_t i = 0; i < workers_.size();) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)) || !DrainWorker(&workers_[i])) {
        ++i;
        continue;
      }
      Finish(workers_[i]);
      workers_.erase(workers_.begin() + static_cast<std::ptrdiff_t>(i));
      fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }

  void Finish(Worker& w) {
    close(w.pipe);
    int status = 0;
    while (waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - w.started).count();
    std::string error = w.message;
    reports::SubmissionGrade grade;
    if (error.empty() && !(WIFEXITED(status) && WEXITSTATUS(status) == kWorkerGraded)) error = WorkerEndText(status);
    if (error.empty() && !ReadSubmissionGrade((fs::path(options_.out) / w.name).string(), &grade, &error)) {
      error = "its grade was not written: " + error;
    }
    if (!error.empty() && interrupted_) error = "interrupted before its grade was finished";
    if (!error.empty()) {
      result_.ungraded.push_back(w.name + ": " + error);
      Report(w.name, nullptr, error, false, seconds);
      return;
    }
    Report(w.name, &grade, "", false, seconds);
    result_.gradebook.submissions.push_back(std::move(grade));
  }

  const Assignment& assignment_;
  const ClassOptions& options_;
  ClassOptions options_copy_;
  const std::function<void(const SubmissionProgress&)>& progress_;
  ClassResult result_;
  std::vector<Worker> workers_;
  std::size_t done_ = 0;
  std::size_t total_ = 0;
  bool interrupted_ = false;
};

}  // namespace

std::vector<std::string> ListSubmissions(const std::string& folder, std::string* err) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) {
    *err = "cannot read the submissions folder " + folder + ": " + ec.message();
    return names;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code type_ec;
    if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> ShardOf(const std::vector<std::string>& names, int index, int count) {
  std::vector<std::string> shard;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (count <= 1 || static_cast<int>(i % static_cast<std::size_t>(count)) == index - 1) shard.push_back(names[i]);
  }
  return shard;
}

ClassResult GradeClass(const Assignment& assignment, const ClassOptions& options,
                       const std::function<void(const SubmissionProgress&)>& progress) {
  return ClassGrading(assignment, options, progress).Run();
}

bool MergeGrades(const std::vector<std::string>& folders, reports::Gradebook* gradebook, std::string* err,
                 std::map<std::string, std::string>* from) {
  std::map<std::string, std::string> seen;  // submission -> the folder it came from
  for (const std::string& folder : folders) {
    std::string list_err;
    for (const std::string& name : ListSubmissions(folder, &list_err)) {
      reports::SubmissionGrade grade;
      const std::string dir = (fs::path(folder) / name).string();
      if (!fs::exists(fs::path(dir) / "grade.json")) continue;  // ungraded in that shard
      if (!ReadSubmissionGrade(dir, &grade, err)) return false;
      if (const auto earlier = seen.find(grade.submission); earlier != seen.end()) {
        *err = grade.submission + " is graded in two shards: " + earlier->second + " and " + folder;
        return false;
      }
      seen[grade.submission] = folder;
      if (from != nullptr) (*from)[grade.submission] = dir;
      if (gradebook->columns.empty() && gradebook->submissions.empty()) {
        for (const reports::GradeItem& item : grade.items) {
          gradebook->columns.push_back(item.name);
          gradebook->column_points.push_back(item.possible);
        }
      } else if (!SameColumns(grade, gradebook->columns)) {
        *err = dir + "/grade.json has other items than the first grade read: graded with another assignment?";
        return false;
      }
      gradebook->submissions.push_back(std::move(grade));
    }
    if (!list_err.empty()) {
      *err = list_err;
      return false;
    }
  }
  std::sort(gradebook->submissions.begin(), gradebook->submissions.end(),
            [](const auto& a, const auto& b) { return a.submission < b.submission; });
  return true;
}

}  // namespace wirecheck
