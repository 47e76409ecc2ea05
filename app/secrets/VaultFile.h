#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>

namespace paybench {

// An encrypted file next to the workspace holding secret values by key, for machines where no
// keychain service answers.
//
// Layout: a 43-byte header, then the AES-256-GCM ciphertext of a compact JSON object, then the
// 16-byte GCM tag. The header is the GCM additional authenticated data, so changing any byte of
// it (KDF parameters included) fails authentication:
//   magic "PBVAULT\0" (8) | format version u16 BE | KDF id u8 (1 = PBKDF2-HMAC-SHA256)
//   | KDF iterations u32 BE | salt (16) | nonce (12)
// The key is derived once per unlock and kept for later writes; every write uses a fresh nonce.
// Not thread-safe: one thread at a time.
class VaultFile final
{
public:
    static constexpr int kFormatVersion = 1;
    static constexpr quint32 kMinIterations = 600'000;
    static constexpr quint32 kDefaultIterations = 600'000;
    // Above this, opening would hang for minutes: treat it as a damaged or hostile header.
    static constexpr quint32 kMaxIterations = 50'000'000;

    // workspace.json -> workspace.json.vault, beside the real file when workspace.json is a
    // symlink.
    static QString pathForWorkspace(const QString &workspacePath);

    explicit VaultFile(QString path);
    ~VaultFile();
    VaultFile(const VaultFile &) = delete;
    VaultFile &operator=(const VaultFile &) = delete;

    [[nodiscard]] const QString &path() const { return m_path; }
    // The previous version, kept by every save: path() + ".bak".
    [[nodiscard]] QString backupPath() const;
    [[nodiscard]] bool exists() const;
    [[nodiscard]] bool isUnlocked() const { return m_unlocked; }
    // True when unlocked for a file that did not exist yet: the first save creates it.
    [[nodiscard]] bool isNew() const { return m_unlocked && !m_onDisk; }

    // Reads and decrypts the file, or prepares a new empty vault when there is no file. Slow on
    // purpose (key derivation). On failure the vault stays locked and the file is untouched;
    // when the file is damaged but its backup opens, the error says so.
    // iterations only applies to a new vault.
    bool unlock(const QString &passphrase, QString *error, quint32 iterations = kDefaultIterations);
    // Wipes the key and the values from memory.
    void lock();

    // Re-reads the file when another process changed it since the last read or write, with the
    // key in memory (no key derivation). Fails when the file was replaced by another vault.
    bool reload(QString *error);

    // Drops changes not saved yet: what the file holds (nothing for a new vault).
    bool revert(QString *error);

    [[nodiscard]] bool contains(const QString &key) const { return m_entries.contains(key); }
    [[nodiscard]] QString value(const QString &key) const { return m_entries.value(key); }
    [[nodiscard]] QStringList keys() const { return m_entries.keys(); }
    void setValue(const QString &key, const QString &value);
    bool remove(const QString &key);

    // Encrypts with a fresh nonce and replaces the file safely (io::SafeFileWriter: unchanged
    // on failure), owner-only, keeping the previous version as backupPath().
    bool save(QString *error);

private:
    bool unlockExisting(const QString &passphrase, QString *error);
    [[nodiscard]] QString backupNote(const QString &passphrase) const;
    bool decryptInto(const QByteArray &bytes, QString *error);

    QString m_path;
    bool m_unlocked = false;
    bool m_onDisk = false;
    quint32 m_iterations = kDefaultIterations;
    std::array<unsigned char, 16> m_salt{};
    std::array<unsigned char, 32> m_key{};
    QByteArray m_lastFileBytes; // what we last read or wrote, to notice other writers
    QMap<QString, QString> m_entries;
};

} // namespace paybench
