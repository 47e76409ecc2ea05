#pragma once

#include "Platform.h"
#include "ProviderInstance.h"
#include "Region.h"

#include <QString>
#include <QVector>

namespace paybench {

// The Openfront store this workspace pushes to and pulls from. Its API key is a secret and lives
// in the secret store (app/openfront), never here.
struct OpenfrontConnection {
    QString graphqlUrl; // https://shop.example/api/graphql; empty: not connected

    friend bool operator==(const OpenfrontConnection &a, const OpenfrontConnection &b)
    {
        return a.graphqlUrl == b.graphqlUrl;
    }
    friend bool operator!=(const OpenfrontConnection &a, const OpenfrontConnection &b)
    {
        return !(a == b);
    }
};

// Everything a workspace file holds. Secret credential values are not part of the file: they
// live in the secret store under keys derived from `id` (see app/secrets).
struct Workspace {
    QString id; // stable random id, namespaces the secrets of this workspace
    QVector<Platform> platforms;
    QVector<ProviderInstance> providers;
    QVector<Region> regions;
    OpenfrontConnection openfront;

    static Workspace createEmpty(); // with a fresh id

    [[nodiscard]] int platformIndex(const QString &name) const; // -1 when absent
    [[nodiscard]] int providerIndex(const QString &code) const; // -1 when absent
    [[nodiscard]] int regionIndex(const QString &code) const;   // -1 when absent
    [[nodiscard]] const Platform *platform(const QString &name) const;
    [[nodiscard]] const ProviderInstance *provider(const QString &code) const;
    [[nodiscard]] const Region *region(const QString &code) const;
    [[nodiscard]] QVector<int> providersOfPlatform(const QString &platformName) const;
    // The first of them, without listing the rest; null when there is none.
    [[nodiscard]] const ProviderInstance *firstProviderOf(const QString &platformName) const;

    // Renames a platform and every provider instance that refers to it.
    void renamePlatform(const QString &from, const QString &to);
    // Renames a region code and every provider instance that refers to it.
    void renameRegion(const QString &from, const QString &to);

    friend bool operator==(const Workspace &a, const Workspace &b)
    {
        return a.id == b.id && a.platforms == b.platforms && a.providers == b.providers &&
               a.regions == b.regions && a.openfront == b.openfront;
    }
    friend bool operator!=(const Workspace &a, const Workspace &b) { return !(a == b); }
};

} // namespace paybench
