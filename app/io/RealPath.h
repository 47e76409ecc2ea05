#pragma once

#include <QString>

namespace paybench::io {

// The absolute path of the file path names once every symlink is followed, also when the last
// link points at a file that does not exist yet. Files kept beside a file (its .bak, .vault,
// .lock) are placed beside this one, so a symlinked workspace keeps them next to the real file.
QString realFilePath(const QString &path);

} // namespace paybench::io
