#include "WorkspaceLoader.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

namespace paybench {

void loadWorkspaceFileAsync(const QString &path, QObject *context, WorkspaceLoaded done)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([path, guard, done = std::move(done)] {
        WorkspaceLoadResult result = loadWorkspaceFile(path);
        // Back on the main thread, where the guard is cleared when context dies.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, done, result = std::move(result)] {
                if (guard)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace paybench
