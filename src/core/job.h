// Long-running work off the UI thread. A Job reports progress and can be cancelled; JobRunner runs jobs on
// worker threads and hands their completion back to whoever polls (the UI thread, which then uploads to GL).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fm {

class Job {
public:
    explicit Job(std::string title) : m_title(std::move(title)) {}

    const std::string& title() const { return m_title; }
    // 0..1, or negative when unknown.
    float progress() const { return m_progress.load(); }
    void setProgress(float p) { m_progress.store(p); }
    std::string status() const;
    void setStatus(std::string s);

    void cancel() { m_cancelled.store(true); }
    bool cancelled() const { return m_cancelled.load(); }
    // Throws fm::Cancelled when the job was cancelled; call it between units of work.
    void checkCancelled() const;

    bool finished() const { return m_finished.load(); }
    void markFinished() { m_finished.store(true); }

private:
    std::string m_title;
    std::atomic<float> m_progress{-1.f};
    std::atomic<bool> m_cancelled{false};
    std::atomic<bool> m_finished{false};
    mutable std::mutex m_mutex;
    std::string m_status;
};

using JobPtr = std::shared_ptr<Job>;

class JobRunner {
public:
    explicit JobRunner(unsigned threads = 0);
    ~JobRunner();
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    // `work` runs on a worker thread; `done` is queued and runs on the thread that calls pollCompleted().
    JobPtr submit(std::string title, std::function<void(Job&)> work, std::function<void()> done = {});
    // Runs the completion callbacks of finished jobs; returns how many ran.
    size_t pollCompleted();
    std::vector<JobPtr> activeJobs() const;
    void cancelAll();
    // Blocks until every submitted job has finished and its completion has been polled.
    void waitIdle();

private:
    struct Task {
        JobPtr job;
        std::function<void(Job&)> work;
        std::function<void()> done;
    };
    void workerLoop();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Task> m_queue;
    std::vector<JobPtr> m_active;
    std::deque<std::function<void()>> m_completed;
    std::vector<std::thread> m_threads;
    size_t m_running = 0;
    bool m_stop = false;
};

}  // namespace fm
