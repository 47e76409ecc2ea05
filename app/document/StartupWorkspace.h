#pragma once

#include <QByteArray>
#include <QString>

namespace paybench {

// The workspace the GUI opens when started without one: the last one opened (if it still
// exists), else, on first start, a copy of the sample written to the user's data location.
// Empty and *error when the copy cannot be written.
QString startupWorkspacePath(const QByteArray &sampleJson, QString *error);
// Where the first start puts the sample copy.
QString sampleCopyPath();

} // namespace paybench
