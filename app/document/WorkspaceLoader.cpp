#include "WorkspaceLoader.h"

#include "ThreadHeap.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMutex>
#include <QPointer>
#include <QThreadPool>

#include <optional>

namespace paybench {

// Whichever comes second, the result or the receiver, sends the one to the other.
struct WorkspaceLoader::State {
    QMutex mutex;
    std::optional<WorkspaceLoadResult> result;
    bool receiverSet = false;
    QPointer<QObject> context;
    WorkspaceLoaded done;
};

namespace {

// Queued to the main thread, where the context pointer is cleared when the context dies.
void deliver(QPointer<QObject> context, WorkspaceLoaded done, WorkspaceLoadResult result)
{
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [context, done = std::move(done), result = std::move(result)] {
            if (context)
                done(result);
        },
        Qt::QueuedConnection);
}

} // namespace

// Loads have their own threads, which end as soon as their load is done: a thread ending frees
// its allocator's leftovers, about 3 ms for a large workspace, better spent beside the window
// being built than at the application's exit, where the global pool's idle threads end.
QThreadPool &WorkspaceLoader::threads()
{
    struct Threads {
        Threads()
        {
            pool.setExpiryTimeout(0);
            // A load still running ends before the application does, as the global pool's
            // would (this pool itself outlives main()).
            qAddPostRoutine([] { WorkspaceLoader::threads().waitForDone(); });
        }
        QThreadPool pool;
    };
    static Threads threads;
    return threads.pool;
}

WorkspaceLoader::WorkspaceLoader(const QString &path)
    : m_path(path), m_state(std::make_shared<State>())
{
    threads().start([path, state = m_state] {
        // What the load builds takes about as much heap as the file has bytes (0.9 times, for
        // 10,000 providers).
        reserveThreadHeap(QFileInfo(path).size());
        WorkspaceLoadResult result = loadWorkspaceFile(path);
        const QMutexLocker lock(&state->mutex);
        if (state->receiverSet)
            deliver(state->context, std::move(state->done), std::move(result));
        else
            state->result = std::move(result);
    });
}

void WorkspaceLoader::whenDone(QObject *context, WorkspaceLoaded done) const
{
    const QMutexLocker lock(&m_state->mutex);
    if (m_state->receiverSet) {
        qWarning("WorkspaceLoader: %s has a receiver already; the second one is not called",
                 qPrintable(m_path));
        return;
    }
    if (m_state->result) {
        deliver(context, std::move(done), std::move(*m_state->result));
        m_state->result.reset();
    } else {
        m_state->context = context;
        m_state->done = std::move(done);
    }
    m_state->receiverSet = true;
}

} // namespace paybench
