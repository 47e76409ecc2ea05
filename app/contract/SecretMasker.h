#pragma once

#include "OrderedJson.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace paybench::contract {

// Replaces credential values in everything that is stored or shown. Two rules: every member of a
// `credentials` object is masked whatever its value (nested ones too) unless its key is public
// (isSecretByDefault) or the user marked it public, and any occurrence of a known secret value (4
// characters or more, so a one-letter secret does not shred the text) is masked wherever it
// appears.
class SecretMasker final
{
public:
    SecretMasker() = default;
    explicit SecretMasker(QStringList secretValues, QStringList markedPublicKeys = {});

    [[nodiscard]] bool isEmpty() const { return m_secrets.isEmpty(); }
    [[nodiscard]] QString mask(const QString &text) const;
    [[nodiscard]] QByteArray mask(const QByteArray &bytes) const;
    [[nodiscard]] json::OrderedValue mask(const json::OrderedValue &value) const;

    static QString placeholder();

private:
    [[nodiscard]] json::OrderedValue maskValue(const json::OrderedValue &value,
                                               bool insideCredentials) const;

    QStringList m_secrets; // longest first, so a secret containing another is masked whole
    QStringList m_markedPublicKeys;
};

} // namespace paybench::contract
