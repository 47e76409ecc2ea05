#pragma once

#include <QString>
#include <QStringList>

namespace paybench {

// The workspaces opened or saved lately, newest first, kept in QSettings (group "recentFiles").
// The first entry is the one reopened at start.
class RecentFiles final
{
public:
    static constexpr int kMaxEntries = 10;

    [[nodiscard]] static QStringList list();
    // Moves path (made absolute) to the front.
    static void add(const QString &path);
    static void remove(const QString &path);
    static void clear();
    // The newest entry that still exists on disk, or empty.
    [[nodiscard]] static QString lastExisting();
};

} // namespace paybench
