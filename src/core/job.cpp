#include "core/job.h"

#include <algorithm>

#include "core/error.h"

namespace fm {

std::string Job::status() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_status;
}

void Job::setStatus(std::string s) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_status = std::move(s);
}

void Job::checkCancelled() const {
    if (cancelled()) throw Cancelled();
}

JobRunner::JobRunner(unsigned threads) {
    if (threads == 0) threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    for (unsigned i = 0; i < threads; ++i) m_threads.emplace_back([this] { workerLoop(); });
}

JobRunner::~JobRunner() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        for (auto& t : m_queue) t.job->cancel();
        for (auto& j : m_active) j->cancel();
    }
    m_wake.notify_all();
    for (auto& t : m_threads) t.join();
}

JobPtr JobRunner::submit(std::string title, std::function<void(Job&)> work, std::function<void()> done) {
    auto job = std::make_shared<Job>(std::move(title));
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queue.push_back({job, std::move(work), std::move(done)});
        m_active.push_back(job);
    }
    m_wake.notify_one();
    return job;
}

void JobRunner::workerLoop() {
    for (;;) {
        Task task;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop && m_queue.empty()) return;
            task = std::move(m_queue.front());
            m_queue.pop_front();
            ++m_running;
        }
        // The work function reports its own failures (it knows the file); anything escaping is a bug we must
        // not let kill the process.
        try {
            task.job->checkCancelled();
            task.work(*task.job);
        } catch (...) {
        }
        task.job->markFinished();
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            --m_running;
            m_completed.push_back(task.done ? std::move(task.done) : std::function<void()>([] {}));
            m_active.erase(std::remove(m_active.begin(), m_active.end(), task.job), m_active.end());
        }
        m_idle.notify_all();
    }
}

size_t JobRunner::pollCompleted() {
    std::deque<std::function<void()>> done;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        done.swap(m_completed);
    }
    for (auto& f : done) f();
    if (!done.empty()) m_idle.notify_all();
    return done.size();
}

std::vector<JobPtr> JobRunner::activeJobs() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_active;
}

void JobRunner::cancelAll() {
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto& j : m_active) j->cancel();
}

void JobRunner::waitIdle() {
    for (;;) {
        pollCompleted();
        std::unique_lock<std::mutex> lock(m_mutex);
        if (m_queue.empty() && m_running == 0 && m_completed.empty()) return;
        m_idle.wait_for(lock, std::chrono::milliseconds(5));
    }
}

}  // namespace fm
