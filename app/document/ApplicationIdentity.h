#pragma once

#include <QCoreApplication>

namespace paybench {

// The one identity of the window and the console: QStandardPaths and QSettings derive the data
// directory (call history, startup workspace) and the recent files from it, so both share them.
inline void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Paybench"));
    QCoreApplication::setApplicationName(QStringLiteral("Paybench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PAYBENCH_VERSION));
}

} // namespace paybench
