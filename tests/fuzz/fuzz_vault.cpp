// A vault file may be damaged or crafted. One real vault is unlocked once (the key derivation
// is slow on purpose); every input replaces the file and is read with the key in memory, and
// also unlocked from scratch when its header would not make that slow.
#include "VaultFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

using paybench::VaultFile;

namespace {

QTemporaryDir *directory = nullptr;
VaultFile *vault = nullptr;

void replaceFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(bytes);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    directory = new QTemporaryDir;
    vault = new VaultFile(directory->filePath(QStringLiteral("w.json.vault")));
    QString error;
    if (!vault->unlock(QStringLiteral("fuzz"), &error))
        __builtin_trap();
    vault->setValue(QStringLiteral("k"), QStringLiteral("v"));
    if (!vault->save(&error))
        __builtin_trap();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    replaceFile(vault->path(), bytes);
    QString error;
    vault->reload(&error);
    // A fresh unlock derives a key only for a header with sane parameters; keep those rare.
    if (!bytes.startsWith("PBVAULT")) {
        VaultFile fresh(vault->path());
        fresh.unlock(QStringLiteral("fuzz"), &error);
    }
    return 0;
}
