#pragma once

#include "WorkspaceFile.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QThreadPool;

namespace paybench {

using WorkspaceLoaded = std::function<void(const WorkspaceLoadResult &result)>;

// A workspace file read and parsed on a worker thread from the moment this is made, so a large
// file does not hold up the window and its reading overlaps whatever the main thread does
// meanwhile (the window is built while it is read). Copies share the one load.
class WorkspaceLoader final
{
public:
    explicit WorkspaceLoader(const QString &path);

    [[nodiscard]] const QString &path() const { return m_path; }
    // done is called once, on the main thread, when the file is read (soon after this call if
    // it already is), unless context is destroyed first. One receiver per load: a second call
    // is refused with a warning.
    void whenDone(QObject *context, WorkspaceLoaded done) const;

    // The threads loads run on (tests hold and wait for them).
    static QThreadPool &threads();

private:
    struct State;
    QString m_path;
    std::shared_ptr<State> m_state;
};

} // namespace paybench
