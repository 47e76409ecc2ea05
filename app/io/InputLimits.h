#pragma once

#include <QtGlobal>

namespace paybench::io {

// How much Paybench reads from each kind of input at most (README, "Limits"). Past a limit the
// read stops and fails with an error naming it, so a huge file, a device such as /dev/zero or an
// endless pipe cannot exhaust memory. CA certificate files have theirs in Platform.h.

inline constexpr qint64 kKiB = 1024;
inline constexpr qint64 kMiB = 1024 * kKiB;

// A workspace file (10,000 providers take about 10 MiB).
inline constexpr qint64 kMaxWorkspaceFileBytes = 256 * kMiB;
// A vault file: a few secrets.
inline constexpr qint64 kMaxVaultFileBytes = 16 * kMiB;
// Openfront records to import.
inline constexpr qint64 kMaxRecordsFileBytes = 64 * kMiB;
// A request or webhook body, from a file or standard input.
inline constexpr qint64 kMaxBodyBytes = 16 * kMiB;
// A credentials file (a JSON object of a few keys).
inline constexpr qint64 kMaxCredentialsFileBytes = 1 * kMiB;
// One value from standard input (--secret KEY=-).
inline constexpr qint64 kMaxStdinValueBytes = 64 * kKiB;

} // namespace paybench::io
