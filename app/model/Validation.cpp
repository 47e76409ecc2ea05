#include "Validation.h"

#include "Country.h"
#include "CredentialReference.h"
#include "Currency.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>

namespace paybench {
namespace {

constexpr int kMaxNameLength = 200;
// Far longer than any real code, short enough for a keychain entry name or a file name.
constexpr int kMaxCodeLength = 255;

const QRegularExpression &providerCodePattern()
{
    static const QRegularExpression pattern(QStringLiteral("^pp_[a-zA-Z0-9_-]+$"));
    return pattern;
}

const QRegularExpression &identifierPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    return pattern;
}

Finding finding(Severity severity, ItemKind kind, const QString &item, const QString &field,
                const QString &message)
{
    return Finding{severity, kind, item, field, message};
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
        host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive))
        return true;
    // Parsed by hand so the model needs no QtNetwork: 127.0.0.0/8 and ::1.
    static const QRegularExpression ipv4Loopback(QStringLiteral(R"(^127(\.\d{1,3}){3}$)"));
    return host == QLatin1String("::1") || ipv4Loopback.match(host).hasMatch();
}

void checkName(QVector<Finding> &out, ItemKind kind, const QString &item, const QString &name)
{
    if (name.trimmed().isEmpty())
        out.append(finding(Severity::Error, kind, item, QStringLiteral("name"),
                           QStringLiteral("is required")));
    else if (name != name.trimmed())
        out.append(finding(Severity::Error, kind, item, QStringLiteral("name"),
                           QStringLiteral("must not start or end with spaces")));
    else if (name.size() > kMaxNameLength)
        out.append(finding(Severity::Error, kind, item, QStringLiteral("name"),
                           QStringLiteral("is longer than %1 characters").arg(kMaxNameLength)));
}

// How often each platform name, provider code and region code occurs. Counting once per
// workspace keeps whole-workspace validation linear for large workspaces; one item's validation
// (the editor, on every change) counts only its own key, without hashing every item.
struct Occurrences {
    QHash<QString, int> platformNames;
    QHash<QString, int> providerCodes;
    QHash<QString, int> regionCodes;

    explicit Occurrences(const Workspace &workspace)
    {
        for (const Platform &p : workspace.platforms)
            ++platformNames[p.name];
        for (const ProviderInstance &p : workspace.providers)
            ++providerCodes[p.code];
        for (const Region &r : workspace.regions)
            ++regionCodes[r.code];
    }

    // Only `key` counted in `items` (by `field`), into `counts`.
    template <typename Item, typename Field>
    static Occurrences ofOne(const QVector<Item> &items, Field field, const QString &key,
                             QHash<QString, int> Occurrences::*counts)
    {
        Occurrences seen;
        (seen.*counts)[key] = int(std::count_if(
            items.cbegin(), items.cend(), [&](const Item &item) { return item.*field == key; }));
        return seen;
    }

private:
    Occurrences() = default;
};

// Read here, not only at call time, so a moved or wrong file shows in the editor and in
// `validate` before a test call fails on it.
void checkCaCertificateFile(QVector<Finding> &out, const Platform &platform)
{
    const QString &path = platform.caCertificateFile;
    if (path.isEmpty())
        return;
    const QString field = QStringLiteral("caCertificateFile");
    auto add = [&](Severity severity, const QString &message) {
        out.append(finding(severity, ItemKind::Platform, platform.name, field, message));
    };
    if (QFileInfo(path).isRelative()) {
        add(Severity::Error, QStringLiteral("must be an absolute path: a relative one would "
                                            "depend on where Paybench is started"));
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        add(Severity::Error, QStringLiteral("cannot be read: %1").arg(file.errorString()));
        return;
    }
    if (!file.read(kMaxCaCertificateFileBytes).contains("-----BEGIN CERTIFICATE-----")) {
        add(Severity::Error, QStringLiteral("holds no PEM certificate (a \"-----BEGIN "
                                            "CERTIFICATE-----\" block)"));
        return;
    }
    const bool anyHttps =
        std::any_of(platform.targets.cbegin(), platform.targets.cend(), [](const QString &target) {
            return target.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
        });
    if (!anyHttps)
        add(Severity::Warning, QStringLiteral("is only used for https:// targets, and this "
                                              "platform has none"));
}

QVector<Finding> checkPlatform(const Platform &platform, const Occurrences &seen)
{
    QVector<Finding> out;
    checkName(out, ItemKind::Platform, platform.name, platform.name);
    if (seen.platformNames.value(platform.name) > 1)
        out.append(finding(Severity::Error, ItemKind::Platform, platform.name,
                           QStringLiteral("name"),
                           QStringLiteral("another platform has the same name")));
    for (PaymentFunction function : kAllPaymentFunctions)
        out += validateTarget(platform.name, functionField(function), platform.target(function));
    checkCaCertificateFile(out, platform);
    return out;
}

void checkCredentials(QVector<Finding> &out, const ProviderInstance &provider)
{
    QSet<QString> keys;
    for (const Credential &credential : provider.credentials) {
        const QString field = QStringLiteral("credentials.") + credential.key;
        if (credential.key.isEmpty()) {
            out.append(finding(Severity::Error, ItemKind::Provider, provider.code,
                               QStringLiteral("credentials"),
                               QStringLiteral("a credential has no key")));
            continue;
        }
        if (!identifierPattern().match(credential.key).hasMatch())
            out.append(finding(Severity::Error, ItemKind::Provider, provider.code, field,
                               QStringLiteral("key may only hold letters, digits, '_', '-' and "
                                              "'.'")));
        if (keys.contains(credential.key))
            out.append(finding(Severity::Error, ItemKind::Provider, provider.code, field,
                               QStringLiteral("is given twice")));
        keys.insert(credential.key);
        if (credential.valueLoaded && credential.value.startsWith(QLatin1String("${")) &&
            !isCredentialReference(credential.value))
            out.append(finding(Severity::Error, ItemKind::Provider, provider.code, field,
                               QStringLiteral("looks like a reference but is not of the form "
                                              "${env:NAME}")));
        if (credential.valueLoaded && credential.value.isEmpty())
            out.append(finding(Severity::Warning, ItemKind::Provider, provider.code, field,
                               QStringLiteral("is empty")));
        if (isMaskedCredential(credential) && !credential.secret && credential.valueLoaded &&
            !isCredentialReference(credential.value) && !credential.value.isEmpty())
            out.append(finding(Severity::Warning, ItemKind::Provider, provider.code, field,
                               QStringLiteral("looks like a secret but is not marked secret: it "
                                              "would be written into the workspace file (mark "
                                              "it secret, or public if it may be shown)")));
    }
    if (!keys.contains(QStringLiteral("apiKey")))
        out.append(finding(Severity::Warning, ItemKind::Provider, provider.code,
                           QStringLiteral("credentials.apiKey"),
                           QStringLiteral("is missing: the documented endpoints read "
                                          "provider.credentials.apiKey")));
}

QVector<Finding> checkProvider(const ProviderInstance &provider, const Workspace &context,
                               const Occurrences &seen)
{
    QVector<Finding> out;
    const QString &item = provider.code;
    checkName(out, ItemKind::Provider, item, provider.name);
    if (provider.code.isEmpty())
        out.append(finding(Severity::Error, ItemKind::Provider, item, QStringLiteral("code"),
                           QStringLiteral("is required")));
    else if (!isValidProviderCode(provider.code))
        out.append(finding(Severity::Error, ItemKind::Provider, item, QStringLiteral("code"),
                           QStringLiteral("must start with pp_ followed by letters, digits, '-' "
                                          "or '_' (Openfront's rule ^pp_[a-zA-Z0-9-_]+$)")));
    else if (provider.code.size() > kMaxCodeLength)
        out.append(finding(Severity::Error, ItemKind::Provider, item, QStringLiteral("code"),
                           QStringLiteral("is longer than %1 characters").arg(kMaxCodeLength)));
    if (seen.providerCodes.value(provider.code) > 1)
        out.append(finding(Severity::Error, ItemKind::Provider, item, QStringLiteral("code"),
                           QStringLiteral("another provider instance has the same code")));
    if (provider.platform.isEmpty())
        out.append(finding(Severity::Error, ItemKind::Provider, item, QStringLiteral("platform"),
                           QStringLiteral("is required")));
    else if (!context.platform(provider.platform))
        out.append(finding(
            Severity::Error, ItemKind::Provider, item, QStringLiteral("platform"),
            QStringLiteral("names no platform of this workspace: \"%1\"").arg(provider.platform)));
    checkCredentials(out, provider);
    if (provider.regions.isEmpty())
        out.append(finding(Severity::Warning, ItemKind::Provider, item, QStringLiteral("regions"),
                           QStringLiteral("none assigned: Openfront requires at least one region "
                                          "when creating a provider")));
    QSet<QString> regionSeen;
    for (const QString &code : provider.regions) {
        if (!context.region(code))
            out.append(
                finding(Severity::Error, ItemKind::Provider, item, QStringLiteral("regions"),
                        QStringLiteral("names no region of this workspace: \"%1\"").arg(code)));
        if (regionSeen.contains(code))
            out.append(finding(Severity::Error, ItemKind::Provider, item, QStringLiteral("regions"),
                               QStringLiteral("lists \"%1\" twice").arg(code)));
        regionSeen.insert(code);
    }
    return out;
}

QVector<Finding> checkRegion(const Region &region, const Occurrences &seen)
{
    QVector<Finding> out;
    const QString &item = region.code;
    if (region.code.isEmpty())
        out.append(finding(Severity::Error, ItemKind::Region, item, QStringLiteral("code"),
                           QStringLiteral("is required")));
    else if (!identifierPattern().match(region.code).hasMatch())
        out.append(finding(Severity::Error, ItemKind::Region, item, QStringLiteral("code"),
                           QStringLiteral("may only hold letters, digits, '_', '-' and '.'")));
    if (seen.regionCodes.value(region.code) > 1)
        out.append(finding(Severity::Error, ItemKind::Region, item, QStringLiteral("code"),
                           QStringLiteral("another region has the same code")));
    checkName(out, ItemKind::Region, item, region.name);
    if (region.currency.isEmpty())
        out.append(finding(Severity::Error, ItemKind::Region, item, QStringLiteral("currency"),
                           QStringLiteral("is required")));
    else if (!isKnownCurrency(region.currency))
        out.append(finding(
            Severity::Error, ItemKind::Region, item, QStringLiteral("currency"),
            isKnownCurrency(region.currency.toUpper())
                ? QStringLiteral("must be upper case: %1").arg(region.currency.toUpper())
                : QStringLiteral("\"%1\" is not an ISO 4217 currency code").arg(region.currency)));
    QSet<QString> countries;
    for (const QString &country : region.countries) {
        if (!isKnownCountry(country))
            out.append(finding(
                Severity::Error, ItemKind::Region, item, QStringLiteral("countries"),
                QStringLiteral("\"%1\" is not an ISO 3166 alpha-2 country code").arg(country)));
        if (countries.contains(country))
            out.append(finding(Severity::Error, ItemKind::Region, item, QStringLiteral("countries"),
                               QStringLiteral("lists \"%1\" twice").arg(country)));
        countries.insert(country);
    }
    return out;
}

} // namespace

QString Finding::toString() const
{
    QString subject;
    if (kind != ItemKind::Workspace)
        subject = QStringLiteral("%1 \"%2\": ").arg(itemKindName(kind), item);
    return QStringLiteral("%1%2%3%4")
        .arg(subject, field, field.isEmpty() ? QString() : QStringLiteral(": "), message);
}

QString severityName(Severity severity)
{
    return severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
}

QString itemKindName(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Platform:
        return QStringLiteral("platform");
    case ItemKind::Provider:
        return QStringLiteral("provider");
    case ItemKind::Region:
        return QStringLiteral("region");
    case ItemKind::Workspace:
        break;
    }
    return QStringLiteral("workspace");
}

QVector<Finding> validateTarget(const QString &platformName, const QString &field,
                                const QString &target)
{
    auto error = [&](const QString &message) {
        return QVector<Finding>{
            finding(Severity::Error, ItemKind::Platform, platformName, field, message)};
    };
    if (target.trimmed().isEmpty())
        return error(QStringLiteral("is required: an http(s) URL or one of %1")
                         .arg(builtInAdapterNames().join(QStringLiteral(", "))));
    if (isBuiltInAdapter(target))
        return {};
    if (isBuiltInAdapter(target.trimmed().toLower()))
        return error(QStringLiteral("built-in adapter names are lower case and without spaces: "
                                    "\"%1\"")
                         .arg(target.trimmed().toLower()));
    if (target != target.trimmed())
        return error(QStringLiteral("must not start or end with spaces"));
    const QUrl url(target, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid())
        return error(QStringLiteral("is not a valid URL: %1").arg(url.errorString()));
    if (scheme.isEmpty() || url.isRelative())
        return error(QStringLiteral("must be an absolute http(s) URL (like "
                                    "https://pay.example.com/api/create-payment) or one of %1")
                         .arg(builtInAdapterNames().join(QStringLiteral(", "))));
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return error(QStringLiteral("scheme \"%1\" is not supported: Openfront only calls "
                                    "http:// and https:// URLs")
                         .arg(url.scheme()));
    if (url.host().isEmpty())
        return error(QStringLiteral("has no host name"));
    if (!url.userInfo().isEmpty())
        return error(QStringLiteral("must not hold a user name or password: credentials belong "
                                    "in the provider instance"));
    if (url.hasFragment())
        return error(QStringLiteral("must not have a #fragment: it is never sent to the server"));
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host()))
        return {finding(Severity::Warning, ItemKind::Platform, platformName, field,
                        QStringLiteral("plain http:// to %1: the provider's credentials travel "
                                       "unencrypted in every request body; use https://")
                            .arg(url.host()))};
    return {};
}

QVector<Finding> validatePlatform(const Platform &platform, const Workspace &context)
{
    return checkPlatform(platform, Occurrences::ofOne(context.platforms, &Platform::name,
                                                      platform.name, &Occurrences::platformNames));
}

QVector<Finding> validateProvider(const ProviderInstance &provider, const Workspace &context)
{
    return checkProvider(provider, context,
                         Occurrences::ofOne(context.providers, &ProviderInstance::code,
                                            provider.code, &Occurrences::providerCodes));
}

QVector<Finding> validateRegion(const Region &region, const Workspace &context)
{
    return checkRegion(region, Occurrences::ofOne(context.regions, &Region::code, region.code,
                                                  &Occurrences::regionCodes));
}

QVector<Finding> validateWorkspace(const Workspace &workspace)
{
    const Occurrences seen(workspace);
    QVector<Finding> out;
    for (const Platform &platform : workspace.platforms)
        out += checkPlatform(platform, seen);
    for (const ProviderInstance &provider : workspace.providers)
        out += checkProvider(provider, workspace, seen);
    for (const Region &region : workspace.regions)
        out += checkRegion(region, seen);
    // One finding per duplicate is enough; checkX reports it on every copy.
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Finding &a, const Finding &b) {
                              return a.kind == b.kind && a.item == b.item && a.field == b.field &&
                                     a.message == b.message;
                          }),
              out.end());
    return out;
}

bool isValidProviderCode(const QString &code)
{
    return providerCodePattern().match(code).hasMatch();
}

bool hasErrors(const QVector<Finding> &findings)
{
    return std::any_of(findings.cbegin(), findings.cend(),
                       [](const Finding &f) { return f.severity == Severity::Error; });
}

} // namespace paybench
