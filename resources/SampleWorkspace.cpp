#include "SampleWorkspace.h"

#include <QFile>

namespace paybench {

QString sampleWorkspaceResource()
{
    return QStringLiteral(":/paybench/workspaces/sample.paybench.json");
}

QByteArray sampleWorkspaceJson()
{
    QFile file(sampleWorkspaceResource());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace paybench
