#include "RuntimeProfile.h"

#include "DocumentedProfile.h"
#include "Openfront55912a7Profile.h"
#include "OpenfrontE23341cProfile.h"

namespace paybench::contract {

namespace {
const QString kOpenfrontGroup = QStringLiteral("openfront");
const QString kAllGroup = QStringLiteral("all");
} // namespace

const RuntimeProfile &documentedProfile()
{
    static const DocumentedProfile profile;
    return profile;
}

const QVector<const RuntimeProfile *> &runtimeProfiles()
{
    static const Openfront55912a7Profile versionA;
    static const OpenfrontE23341cProfile versionB;
    static const QVector<const RuntimeProfile *> profiles{&documentedProfile(), &versionA,
                                                          &versionB};
    return profiles;
}

const RuntimeProfile &newestOpenfrontProfile()
{
    return *runtimeProfiles().constLast();
}

const RuntimeProfile *findRuntimeProfile(const QString &name)
{
    for (const RuntimeProfile *profile : runtimeProfiles()) {
        if (profile->name() == name)
            return profile;
    }
    return nullptr;
}

QStringList knownProfileNames()
{
    QStringList names;
    for (const RuntimeProfile *profile : runtimeProfiles())
        names << profile->name();
    names << kOpenfrontGroup << kAllGroup;
    return names;
}

std::optional<QVector<const RuntimeProfile *>> selectRuntimeProfiles(const QString &list,
                                                                     QString *error)
{
    QVector<const RuntimeProfile *> selected;
    auto add = [&selected](const RuntimeProfile *profile) {
        if (!selected.contains(profile))
            selected << profile;
    };
    for (const QString &part : list.split(QLatin1Char(','))) {
        const QString name = part.trimmed();
        if (name == kAllGroup || name == kOpenfrontGroup) {
            for (const RuntimeProfile *profile : runtimeProfiles()) {
                if (name == kAllGroup || profile->isOpenfront())
                    add(profile);
            }
        } else if (const RuntimeProfile *profile = findRuntimeProfile(name)) {
            add(profile);
        } else {
            if (error) {
                *error = QStringLiteral("unknown profile \"%1\"; known: %2")
                             .arg(name, knownProfileNames().join(QStringLiteral(", ")));
            }
            return std::nullopt;
        }
    }
    return selected;
}

} // namespace paybench::contract
