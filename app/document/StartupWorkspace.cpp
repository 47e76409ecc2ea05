#include "StartupWorkspace.h"

#include "RecentFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
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
    QSaveFile file(copy);
    if (!QDir().mkpath(QFileInfo(copy).absolutePath()) || !file.open(QIODevice::WriteOnly) ||
        file.write(sampleJson) != sampleJson.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2")
                         .arg(QDir::toNativeSeparators(copy), file.errorString());
        return {};
    }
    return copy;
}

} // namespace paybench
