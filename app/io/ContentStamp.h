#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace paybench::io {

// A short fingerprint of a file's bytes, to tell later whether the file still holds them (a
// write in the same millisecond can keep its size and time, so content is compared). Only
// stamps made by the same process are comparable. Not a cryptographic digest: it guards
// against accidental change, not against someone crafting a collision, and costs about a
// hundredth of SHA-256 (a 6 MB workspace hashed in Qt 6.4's SHA-256 took longer than parsing it).
QByteArray contentStamp(QByteArrayView bytes);

} // namespace paybench::io
