#include "StartupWorkspace.h"

#include "RecentFiles.h"
#include "SafeFileWriter.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace paybench {

QString sampleCopyPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("sample.paybench.json"));
}

QString startupWorkspacePath(const QByteArray &sampleJson, QString *error)
{
    QString last = RecentFiles::lastExisting();
    if (!last.isEmpty())
        return last;
    QString copy = sampleCopyPath();
    if (QFileInfo::exists(copy))
        return copy; // never overwrite the person's edits of the sample
    if (sampleJson.isEmpty()) {
        if (error)
            *error = QStringLiteral("the sample workspace is missing from this build");
        return {};
    }
    QString writeError;
    if (!QDir().mkpath(QFileInfo(copy).absolutePath()) ||
        !io::writeFileSafely(copy, sampleJson, &writeError)) {
        if (error)
            *error = writeError.isEmpty() ? QStringLiteral("cannot create the folder of %1")
                                                .arg(QDir::toNativeSeparators(copy))
                                          : writeError;
        return {};
    }
    return copy;
}

} // namespace paybench
