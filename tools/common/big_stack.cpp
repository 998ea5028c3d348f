#include "big_stack.hpp"

#include <pthread.h>

namespace plexus::tools {
namespace {

struct Job {
  const std::function<int()>* fn;
  int result = 0;
};

void* run_job(void* arg) {
  auto* job = static_cast<Job*>(arg);
  job->result = (*job->fn)();
  return nullptr;
}

}  // namespace

int run_with_stack(std::size_t stack_bytes, const std::function<int()>& fn) {
  Job job{&fn};
  pthread_attr_t attr;
  pthread_t thread;
  if (pthread_attr_init(&attr) != 0) return fn();
  const bool started = pthread_attr_setstacksize(&attr, stack_bytes) == 0 &&
                       pthread_create(&thread, &attr, run_job, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started) return fn();
  pthread_join(thread, nullptr);
  return job.result;
}

}  // namespace plexus::tools
