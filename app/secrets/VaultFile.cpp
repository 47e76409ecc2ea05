#include "VaultFile.h"

#include "BoundedRead.h"
#include "InputLimits.h"
#include "RealPath.h"
#include "SafeFileWriter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

namespace paybench {
namespace {

constexpr char kMagic[8] = {'P', 'B', 'V', 'A', 'U', 'L', 'T', '\0'};
constexpr int kMagicSize = 8;
constexpr int kVersionOffset = kMagicSize;         // u16
constexpr int kKdfOffset = kVersionOffset + 2;     // u8
constexpr int kIterationsOffset = kKdfOffset + 1;  // u32
constexpr int kSaltOffset = kIterationsOffset + 4; // 16 bytes
constexpr int kSaltSize = 16;
constexpr int kNonceOffset = kSaltOffset + kSaltSize; // 12 bytes
constexpr int kNonceSize = 12;
constexpr int kHeaderSize = kNonceOffset + kNonceSize;
constexpr int kTagSize = 16;
constexpr int kKeySize = 32;
constexpr quint8 kKdfPbkdf2Sha256 = 1;

using Key = std::array<unsigned char, kKeySize>;
using Salt = std::array<unsigned char, kSaltSize>;
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char *bytesAt(const QByteArray &data, int offset)
{
    return reinterpret_cast<const unsigned char *>(data.constData()) + offset;
}

// Wipes a byte buffer we own: decrypted JSON, the passphrase bytes.
void cleanse(QByteArray &buffer)
{
    if (!buffer.isEmpty())
        OPENSSL_cleanse(buffer.data(), static_cast<size_t>(buffer.size()));
    buffer.clear();
}

struct Header {
    quint16 version = 0;
    quint8 kdf = 0;
    quint32 iterations = 0;
    Salt salt{};
};

bool parseHeader(const QByteArray &bytes, Header *header, QString *error)
{
    const QByteArray magic(kMagic, kMagicSize);
    if (bytes.size() < kMagicSize) {
        *error = magic.startsWith(bytes) ? QStringLiteral("the vault file is truncated")
                                         : QStringLiteral("not a Paybench vault");
        return false;
    }
    if (!bytes.startsWith(magic)) {
        *error = QStringLiteral("not a Paybench vault");
        return false;
    }
    if (bytes.size() < kKdfOffset) {
        *error = QStringLiteral("the vault file is truncated");
        return false;
    }
    header->version = qFromBigEndian<quint16>(bytesAt(bytes, kVersionOffset));
    if (header->version > VaultFile::kFormatVersion) {
        *error = QStringLiteral("vault from a newer Paybench (format %1); this version reads "
                                "format %2")
                     .arg(header->version)
                     .arg(VaultFile::kFormatVersion);
        return false;
    }
    if (header->version < 1) {
        *error = QStringLiteral("not a Paybench vault (format %1)").arg(header->version);
        return false;
    }
    if (bytes.size() < kHeaderSize + kTagSize) {
        *error = QStringLiteral("the vault file is truncated");
        return false;
    }
    header->kdf = *bytesAt(bytes, kKdfOffset);
    if (header->kdf != kKdfPbkdf2Sha256) {
        *error =
            QStringLiteral("the vault uses an unknown key derivation (id %1)").arg(header->kdf);
        return false;
    }
    header->iterations = qFromBigEndian<quint32>(bytesAt(bytes, kIterationsOffset));
    if (header->iterations < VaultFile::kMinIterations) {
        *error = QStringLiteral("the vault's key derivation is weaker than allowed (%1 PBKDF2 "
                                "iterations, at least %2 required)")
                     .arg(header->iterations)
                     .arg(VaultFile::kMinIterations);
        return false;
    }
    if (header->iterations > VaultFile::kMaxIterations) {
        *error = QStringLiteral("the vault's key derivation parameters are implausible (%1 "
                                "PBKDF2 iterations, at most %2)")
                     .arg(header->iterations)
                     .arg(VaultFile::kMaxIterations);
        return false;
    }
    std::memcpy(header->salt.data(), bytesAt(bytes, kSaltOffset), kSaltSize);
    return true;
}

QByteArray buildHeader(quint32 iterations, const Salt &salt, const unsigned char *nonce)
{
    QByteArray header(kHeaderSize, '\0');
    auto *out = reinterpret_cast<unsigned char *>(header.data());
    std::memcpy(out, kMagic, kMagicSize);
    qToBigEndian<quint16>(VaultFile::kFormatVersion, out + kVersionOffset);
    out[kKdfOffset] = kKdfPbkdf2Sha256;
    qToBigEndian<quint32>(iterations, out + kIterationsOffset);
    std::memcpy(out + kSaltOffset, salt.data(), kSaltSize);
    std::memcpy(out + kNonceOffset, nonce, kNonceSize);
    return header;
}

bool deriveKey(const QString &passphrase, const Salt &salt, quint32 iterations, Key *key,
               QString *error)
{
    QByteArray secret = passphrase.toUtf8();
    const int ok = PKCS5_PBKDF2_HMAC(secret.constData(), static_cast<int>(secret.size()),
                                     salt.data(), kSaltSize, static_cast<int>(iterations),
                                     EVP_sha256(), kKeySize, key->data());
    cleanse(secret);
    if (ok != 1) {
        *error = QStringLiteral("key derivation failed (OpenSSL)");
        return false;
    }
    return true;
}

// The plaintext on success; nullopt when the tag does not match (wrong key or altered file).
std::optional<QByteArray> decryptBytes(const QByteArray &bytes, const Key &key)
{
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    const int cipherSize = static_cast<int>(bytes.size()) - kHeaderSize - kTagSize;
    std::array<unsigned char, kTagSize> tag{};
    std::memcpy(tag.data(), bytesAt(bytes, kHeaderSize + cipherSize), kTagSize);
    int length = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), bytesAt(bytes, kNonceOffset)) !=
            1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytesAt(bytes, 0), kHeaderSize) != 1)
        return std::nullopt;

    QByteArray plain(std::max(cipherSize, 1), '\0');
    auto *out = reinterpret_cast<unsigned char *>(plain.data());
    if (EVP_DecryptUpdate(ctx.get(), out, &length, bytesAt(bytes, kHeaderSize), cipherSize) != 1) {
        cleanse(plain);
        return std::nullopt;
    }
    const int total = length;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), out + total, &length) != 1) {
        cleanse(plain);
        return std::nullopt;
    }
    plain.truncate(total + length);
    return plain;
}

// header + ciphertext + tag, the whole file.
std::optional<QByteArray> encryptBytes(const QByteArray &header, const QByteArray &plain,
                                       const Key &key)
{
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    QByteArray file = header;
    file.resize(kHeaderSize + plain.size() + kTagSize);
    auto *out = reinterpret_cast<unsigned char *>(file.data()) + kHeaderSize;
    int length = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(),
                           bytesAt(header, kNonceOffset)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytesAt(header, 0), kHeaderSize) != 1 ||
        EVP_EncryptUpdate(ctx.get(), out, &length, bytesAt(plain, 0),
                          static_cast<int>(plain.size())) != 1)
        return std::nullopt;
    int total = length;
    if (EVP_EncryptFinal_ex(ctx.get(), out + total, &length) != 1)
        return std::nullopt;
    total += length;
    // GCM is a stream mode: the ciphertext is exactly as long as the plaintext.
    if (total != plain.size() ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, out + total) != 1)
        return std::nullopt;
    return file;
}

bool readWholeFile(const QString &path, QByteArray *bytes, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the vault file %1: %2").arg(path, file.errorString());
        return false;
    }
    std::optional<QByteArray> read = io::readBounded(
        file, io::kMaxVaultFileBytes, QStringLiteral("the vault file ") + path, error);
    if (!read)
        return false;
    *bytes = std::move(*read);
    return true;
}

QString wrongPassphraseMessage()
{
    return QStringLiteral("wrong passphrase, or the vault file was altered");
}

} // namespace

QString VaultFile::pathForWorkspace(const QString &workspacePath)
{
    return io::realFilePath(workspacePath) + QStringLiteral(".vault");
}

QString VaultFile::backupPath() const
{
    return io::SafeFileWriter::backupPath(m_path);
}

VaultFile::VaultFile(QString path) : m_path(std::move(path))
{}

VaultFile::~VaultFile()
{
    lock();
}

bool VaultFile::exists() const
{
    return QFile::exists(m_path);
}

bool VaultFile::unlock(const QString &passphrase, QString *error, quint32 iterations)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    lock();
    if (passphrase.isEmpty()) {
        message = QStringLiteral("the vault passphrase is empty");
        return false;
    }
    if (!exists()) {
        Key key{};
        if (iterations < kMinIterations || iterations > kMaxIterations) {
            message = QStringLiteral("PBKDF2 iterations must be between %1 and %2")
                          .arg(kMinIterations)
                          .arg(kMaxIterations);
            return false;
        }
        Salt salt{};
        if (RAND_bytes(salt.data(), kSaltSize) != 1) {
            message = QStringLiteral("no random bytes available (OpenSSL)");
            return false;
        }
        if (!deriveKey(passphrase, salt, iterations, &key, &message))
            return false;
        m_salt = salt;
        m_iterations = iterations;
        m_key = key;
        OPENSSL_cleanse(key.data(), key.size());
        m_onDisk = false;
        m_lastFileBytes.clear();
        m_unlocked = true;
        return true;
    }

    if (!unlockExisting(passphrase, &message)) {
        lock();
        message += backupNote(passphrase);
        return false;
    }
    m_unlocked = true;
    return true;
}

bool VaultFile::unlockExisting(const QString &passphrase, QString *error)
{
    QByteArray bytes;
    if (!readWholeFile(m_path, &bytes, error))
        return false;
    Header header;
    if (!parseHeader(bytes, &header, error))
        return false;
    Key key{};
    if (!deriveKey(passphrase, header.salt, header.iterations, &key, error))
        return false;
    m_salt = header.salt;
    m_iterations = header.iterations;
    m_key = key;
    OPENSSL_cleanse(key.data(), key.size());
    return decryptInto(bytes, error);
}

QString VaultFile::backupNote(const QString &passphrase) const
{
    if (!QFile::exists(backupPath()))
        return {};
    VaultFile backup(backupPath());
    QString ignored;
    if (!backup.unlock(passphrase, &ignored))
        return {};
    return QStringLiteral("; its previous version %1 opens with this passphrase: copy it over %2 "
                          "to use it")
        .arg(backupPath(), m_path);
}

void VaultFile::lock()
{
    OPENSSL_cleanse(m_key.data(), m_key.size());
    m_unlocked = false;
    m_onDisk = false;
    m_entries.clear();
    m_lastFileBytes.clear();
}

bool VaultFile::decryptInto(const QByteArray &bytes, QString *error)
{
    std::optional<QByteArray> plain = decryptBytes(bytes, m_key);
    if (!plain) {
        *error = wrongPassphraseMessage();
        return false;
    }
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(*plain, &parseError);
    cleanse(*plain);
    if (!document.isObject()) {
        *error = QStringLiteral("the vault content is damaged (not a JSON object)");
        return false;
    }
    const QJsonObject object = document.object();
    QMap<QString, QString> entries;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!it.value().isString()) {
            *error = QStringLiteral("the vault content is damaged (entry %1 is not a string)")
                         .arg(it.key());
            return false;
        }
        entries.insert(it.key(), it.value().toString());
    }
    m_entries = std::move(entries);
    m_lastFileBytes = bytes;
    m_onDisk = true;
    return true;
}

bool VaultFile::reload(QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    if (!m_unlocked) {
        message = QStringLiteral("the vault is locked");
        return false;
    }
    if (!exists()) {
        // Someone removed the file: what it held is gone, the next save creates it again.
        m_entries.clear();
        m_lastFileBytes.clear();
        m_onDisk = false;
        return true;
    }
    QByteArray bytes;
    if (!readWholeFile(m_path, &bytes, &message))
        return false;
    if (m_onDisk && bytes == m_lastFileBytes)
        return true;
    Header header;
    if (!parseHeader(bytes, &header, &message))
        return false;
    if (header.salt != m_salt || header.iterations != m_iterations) {
        message = QStringLiteral("the vault file %1 was replaced by another vault; open it again")
                      .arg(m_path);
        return false;
    }
    return decryptInto(bytes, &message);
}

bool VaultFile::revert(QString *error)
{
    m_lastFileBytes.clear(); // forces reload() to decrypt the file again
    return reload(error);
}

void VaultFile::setValue(const QString &key, const QString &value)
{
    m_entries.insert(key, value);
}

bool VaultFile::remove(const QString &key)
{
    return m_entries.remove(key) > 0;
}

bool VaultFile::save(QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    if (!m_unlocked) {
        message = QStringLiteral("the vault is locked");
        return false;
    }
    std::array<unsigned char, kNonceSize> nonce{};
    if (RAND_bytes(nonce.data(), kNonceSize) != 1) {
        message = QStringLiteral("no random bytes available (OpenSSL)");
        return false;
    }
    QJsonObject object;
    for (auto it = m_entries.constBegin(); it != m_entries.constEnd(); ++it)
        object.insert(it.key(), it.value());
    QByteArray plain = QJsonDocument(object).toJson(QJsonDocument::Compact);
    const std::optional<QByteArray> bytes =
        encryptBytes(buildHeader(m_iterations, m_salt, nonce.data()), plain, m_key);
    cleanse(plain);
    if (!bytes) {
        message = QStringLiteral("encryption failed (OpenSSL)");
        return false;
    }

    io::SafeFileWriter file(m_path);
    file.setKeepBackup(true);
    // Encrypted already; owner-only still keeps the ciphertext away from offline guessing.
    file.setOwnerOnly(true);
    if (!file.write(*bytes)) {
        message = QStringLiteral("the vault was not changed: ") + file.errorString();
        return false;
    }
    m_lastFileBytes = *bytes;
    m_onDisk = true;
    return true;
}

} // namespace paybench
