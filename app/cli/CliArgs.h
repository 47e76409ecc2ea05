#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace paybench::cli {

// Flags of one command: `--name VALUE`, `--name=VALUE` (repeatable) and `--switch`; anything else
// is positional. Unknown flags are a usage error, so typos never pass silently.
class CliArgs
{
public:
    struct Spec {
        QSet<QString> valueFlags; // without the leading dashes: "workspace"
        QSet<QString> switches;   // "include-credentials"
    };

    static std::optional<CliArgs> parse(const QStringList &arguments, const Spec &spec,
                                        QString *error);

    [[nodiscard]] bool has(const QString &flag) const;
    // The last value given for the flag, or an empty string.
    [[nodiscard]] QString value(const QString &flag) const;
    [[nodiscard]] QStringList values(const QString &flag) const;
    [[nodiscard]] const QStringList &positional() const { return m_positional; }

private:
    QHash<QString, QStringList> m_values;
    QSet<QString> m_switches;
    QStringList m_positional;
};

} // namespace paybench::cli
