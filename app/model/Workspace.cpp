#include "Workspace.h"

#include <QUuid>

#include <algorithm>

namespace paybench {
namespace {

template <typename Items, typename Key>
int indexOf(const Items &items, Key key)
{
    const auto it = std::find_if(items.cbegin(), items.cend(), key);
    return it == items.cend() ? -1 : static_cast<int>(it - items.cbegin());
}

} // namespace

Workspace Workspace::createEmpty()
{
    Workspace workspace;
    workspace.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return workspace;
}

int Workspace::platformIndex(const QString &name) const
{
    return indexOf(platforms, [&](const Platform &p) { return p.name == name; });
}

int Workspace::providerIndex(const QString &code) const
{
    return indexOf(providers, [&](const ProviderInstance &p) { return p.code == code; });
}

int Workspace::regionIndex(const QString &code) const
{
    return indexOf(regions, [&](const Region &r) { return r.code == code; });
}

const Platform *Workspace::platform(const QString &name) const
{
    const int index = platformIndex(name);
    return index < 0 ? nullptr : &platforms.at(index);
}

const ProviderInstance *Workspace::provider(const QString &code) const
{
    const int index = providerIndex(code);
    return index < 0 ? nullptr : &providers.at(index);
}

const Region *Workspace::region(const QString &code) const
{
    const int index = regionIndex(code);
    return index < 0 ? nullptr : &regions.at(index);
}

const ProviderInstance *Workspace::firstProviderOf(const QString &platformName) const
{
    const auto first =
        std::find_if(providers.cbegin(), providers.cend(),
                     [&](const ProviderInstance &p) { return p.platform == platformName; });
    return first == providers.cend() ? nullptr : &*first;
}

QVector<int> Workspace::providersOfPlatform(const QString &platformName) const
{
    QVector<int> result;
    for (int i = 0; i < providers.size(); ++i) {
        if (providers.at(i).platform == platformName)
            result.append(i);
    }
    return result;
}

void Workspace::renamePlatform(const QString &from, const QString &to)
{
    for (Platform &p : platforms) {
        if (p.name == from)
            p.name = to;
    }
    for (ProviderInstance &provider : providers) {
        if (provider.platform == from)
            provider.platform = to;
    }
}

void Workspace::renameRegion(const QString &from, const QString &to)
{
    for (Region &r : regions) {
        if (r.code == from)
            r.code = to;
    }
    for (ProviderInstance &provider : providers) {
        for (QString &code : provider.regions) {
            if (code == from)
                code = to;
        }
    }
}

} // namespace paybench
