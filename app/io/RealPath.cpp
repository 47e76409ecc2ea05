#include "RealPath.h"

#include <QDir>
#include <QFileInfo>

namespace paybench::io {
namespace {

// Far more than any real chain; a loop of links stops here.
constexpr int kMaxLinkDepth = 40;

} // namespace

QString realFilePath(const QString &path)
{
    QFileInfo info(QFileInfo(path).absoluteFilePath());
    for (int depth = 0; depth < kMaxLinkDepth && info.isSymLink(); ++depth) {
        // symLinkTarget() is absolute and resolves the target's folder, not the target itself.
        const QString target = info.symLinkTarget();
        if (target.isEmpty())
            break;
        info = QFileInfo(target);
    }
    QString canonical = info.canonicalFilePath();
    if (!canonical.isEmpty())
        return canonical;
    // No file (yet): resolve the folder, keep the name.
    const QString folder = QFileInfo(info.absolutePath()).canonicalFilePath();
    return folder.isEmpty() ? info.absoluteFilePath() : QDir(folder).filePath(info.fileName());
}

} // namespace paybench::io
