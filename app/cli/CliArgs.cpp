#include "CliArgs.h"

namespace paybench::cli {

std::optional<CliArgs> CliArgs::parse(const QStringList &arguments, const Spec &spec,
                                      QString *error)
{
    CliArgs result;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--")) {
            result.m_positional += arguments.mid(i + 1);
            break;
        }
        if (!argument.startsWith(QLatin1String("--"))) {
            result.m_positional.append(argument);
            continue;
        }
        QString name = argument.mid(2);
        std::optional<QString> inlineValue;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            inlineValue = name.mid(eq + 1);
            name.truncate(eq);
        }
        if (spec.switches.contains(name)) {
            if (inlineValue) {
                *error = QStringLiteral("--%1 takes no value").arg(name);
                return std::nullopt;
            }
            result.m_switches.insert(name);
        } else if (spec.valueFlags.contains(name)) {
            if (!inlineValue) {
                if (i + 1 >= arguments.size()) {
                    *error = QStringLiteral("--%1 needs a value").arg(name);
                    return std::nullopt;
                }
                inlineValue = arguments.at(++i);
            }
            result.m_values[name].append(*inlineValue);
        } else {
            *error = QStringLiteral("unknown option --%1").arg(name);
            return std::nullopt;
        }
    }
    return result;
}

bool CliArgs::has(const QString &flag) const
{
    return m_switches.contains(flag) || m_values.contains(flag);
}

QString CliArgs::value(const QString &flag) const
{
    const QStringList list = m_values.value(flag);
    return list.isEmpty() ? QString() : list.last();
}

QStringList CliArgs::values(const QString &flag) const
{
    return m_values.value(flag);
}

} // namespace paybench::cli
