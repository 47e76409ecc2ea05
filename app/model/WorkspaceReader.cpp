// Reading a workspace document (WorkspaceFile.h: workspaceFromJson): the JSON is parsed once
// with json::parse, whose values are ready QStrings, and read member by member. A 10,000-provider
// file is read while the window opens, so nothing is made per item that only an error needs.
#include "WorkspaceFile.h"

#include "CredentialReference.h"
#include "OrderedJson.h"

#include <QJsonObject>
#include <QUuid>

#include <cmath>

namespace paybench {
namespace {

using json::OrderedValue;

// Where a value sits in the file: "providers[12].credentials[0]". Made into text only for an
// error message.
struct Where {
    const Where *parent = nullptr;
    QLatin1String name;   // a list's or a member's name
    qsizetype index = -1; // the item's position in the list `name`; -1 for a member

    [[nodiscard]] QString text() const
    {
        QString path = parent ? parent->text() + QLatin1Char('.') : QString();
        path += name;
        if (index >= 0)
            path += QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
        return path;
    }
};

const Where kWorkspace{nullptr, QLatin1String("workspace")};

// Reads typed fields and remembers the first problem with its JSON path, so a hand-edited file
// gets "providers[2].installed must be true or false" instead of a silent default. Keys are
// QLatin1String literals or QStrings (the function fields).
class WorkspaceReader
{
public:
    [[nodiscard]] bool failed() const { return !m_error.isEmpty(); }
    [[nodiscard]] const QString &error() const { return m_error; }

    void fail(const QString &path, const QString &message)
    {
        if (m_error.isEmpty())
            m_error = path + QLatin1Char(' ') + message;
    }
    template <typename Key>
    void fail(const Where &where, const Key &key, const QString &message)
    {
        if (m_error.isEmpty())
            fail(where.text() + QLatin1Char('.') + key, message);
    }

    template <typename Key>
    QString string(const OrderedValue &object, const Where &where, const Key &key,
                   bool required = true)
    {
        const OrderedValue *value = object.member(key);
        if (!value && !required)
            return {};
        if (!value || value->type() != OrderedValue::Type::String) {
            fail(where, key, QStringLiteral("must be a string"));
            return {};
        }
        return value->toString();
    }

    bool boolean(const OrderedValue &object, const Where &where, QLatin1String key, bool fallback)
    {
        const OrderedValue *value = object.member(key);
        if (!value)
            return fallback;
        if (value->type() != OrderedValue::Type::Bool) {
            fail(where, key, QStringLiteral("must be true or false"));
            return fallback;
        }
        return value->toBool();
    }

    // The items, shared with the document (no copy); none when the member is missing.
    QVector<OrderedValue> array(const OrderedValue &object, const Where &where, QLatin1String key)
    {
        const OrderedValue *value = object.member(key);
        if (!value)
            return {};
        if (value->type() != OrderedValue::Type::Array) {
            fail(where, key, QStringLiteral("must be a list"));
            return {};
        }
        return value->items();
    }

    // The value itself when it is an object; an empty object (and the error) when not.
    const OrderedValue &object(const OrderedValue &value, const Where &where)
    {
        static const OrderedValue kEmpty = OrderedValue::object();
        if (value.isObject())
            return value;
        fail(where.text(), QStringLiteral("must be an object"));
        return kEmpty;
    }

    QStringList strings(const OrderedValue &object, const Where &where, QLatin1String key)
    {
        QStringList result;
        const QVector<OrderedValue> items = array(object, where, key);
        result.reserve(items.size());
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (items.at(i).type() != OrderedValue::Type::String)
                fail(Where{&where, key, i}.text(), QStringLiteral("must be a string"));
            result.append(items.at(i).toString());
        }
        return result;
    }

private:
    QString m_error;
};

Credential readCredential(WorkspaceReader &reader, const OrderedValue &value, const Where &where)
{
    const OrderedValue &object = reader.object(value, where);
    Credential credential;
    credential.key = reader.string(object, where, QLatin1String("key"));
    credential.secret = reader.boolean(object, where, QLatin1String("secret"), false);
    credential.markedPublic = reader.boolean(object, where, QLatin1String("public"), false);
    if (credential.secret && credential.markedPublic)
        reader.fail(where, QLatin1String("public"),
                    QStringLiteral("cannot be true for a secret: a value is either kept secret "
                                   "or shown"));
    const bool hasValue = object.member(QLatin1String("value")) != nullptr;
    credential.value = reader.string(object, where, QLatin1String("value"), false);
    if (credential.secret && hasValue && !isCredentialReference(credential.value))
        reader.fail(where, QLatin1String("value"),
                    QStringLiteral("is a secret value written into the workspace file; secrets "
                                   "belong in the keychain or vault"));
    credential.valueLoaded = !credential.secret || hasValue;
    return credential;
}

Workspace readVersion2(WorkspaceReader &reader, const OrderedValue &root)
{
    Workspace workspace;
    workspace.id = reader.string(root, kWorkspace, QLatin1String("id"));
    if (!reader.failed() && workspace.id.isEmpty())
        reader.fail(QStringLiteral("workspace.id"), QStringLiteral("must not be empty"));

    const QVector<OrderedValue> platforms =
        reader.array(root, kWorkspace, QLatin1String("platforms"));
    for (qsizetype i = 0; i < platforms.size() && !reader.failed(); ++i) {
        const Where where{nullptr, QLatin1String("platforms"), i};
        const OrderedValue &object = reader.object(platforms.at(i), where);
        Platform platform;
        platform.name = reader.string(object, where, QLatin1String("name"));
        for (PaymentFunction function : kAllPaymentFunctions)
            platform.setTarget(function, reader.string(object, where, functionField(function)));
        platform.caCertificateFile =
            reader.string(object, where, QLatin1String("caCertificateFile"), false);
        workspace.platforms.append(platform);
    }

    const QVector<OrderedValue> providers =
        reader.array(root, kWorkspace, QLatin1String("providers"));
    workspace.providers.reserve(providers.size());
    for (qsizetype i = 0; i < providers.size() && !reader.failed(); ++i) {
        const Where where{nullptr, QLatin1String("providers"), i};
        const OrderedValue &object = reader.object(providers.at(i), where);
        ProviderInstance provider;
        provider.name = reader.string(object, where, QLatin1String("name"));
        provider.code = reader.string(object, where, QLatin1String("code"));
        provider.platform = reader.string(object, where, QLatin1String("platform"));
        provider.installed = reader.boolean(object, where, QLatin1String("installed"), true);
        const QString environment =
            reader.string(object, where, QLatin1String("environment"), false);
        if (const auto parsed = environmentFromName(environment))
            provider.environment = *parsed;
        else if (!environment.isEmpty())
            reader.fail(where, QLatin1String("environment"),
                        QStringLiteral("must be \"sandbox\" or \"live\""));
        const QVector<OrderedValue> credentials =
            reader.array(object, where, QLatin1String("credentials"));
        provider.credentials.reserve(credentials.size());
        for (qsizetype c = 0; c < credentials.size(); ++c)
            provider.credentials.append(readCredential(
                reader, credentials.at(c), Where{&where, QLatin1String("credentials"), c}));
        provider.regions = reader.strings(object, where, QLatin1String("regions"));
        if (const OrderedValue *metadata = object.member(QLatin1String("metadata"))) {
            // Kept as Openfront's free-form JSON; usually empty.
            provider.metadata = reader.object(*metadata, Where{&where, QLatin1String("metadata")})
                                    .toQJson()
                                    .toObject();
        }
        workspace.providers.append(std::move(provider));
    }

    const QVector<OrderedValue> regions = reader.array(root, kWorkspace, QLatin1String("regions"));
    for (qsizetype i = 0; i < regions.size() && !reader.failed(); ++i) {
        const Where where{nullptr, QLatin1String("regions"), i};
        const OrderedValue &object = reader.object(regions.at(i), where);
        Region region;
        region.code = reader.string(object, where, QLatin1String("code"));
        region.name = reader.string(object, where, QLatin1String("name"));
        region.currency = reader.string(object, where, QLatin1String("currency"));
        region.countries = reader.strings(object, where, QLatin1String("countries"));
        workspace.regions.append(region);
    }
    if (const OrderedValue *openfront = root.member(QLatin1String("openfront"));
        openfront && !reader.failed()) {
        const Where where{nullptr, QLatin1String("openfront")};
        const OrderedValue &object = reader.object(*openfront, where);
        workspace.openfront.graphqlUrl = reader.string(object, where, QLatin1String("graphqlUrl"));
    }
    return workspace;
}

// A secret value found in a version-1 file: it moves to the secret store on the next save.
struct MigratedSecret {
    qsizetype provider;
    QString key;
    QString value;
};

// Version 1 named functions by slug under "functions", kept credentials as one flat object
// with every value in the file, and had no workspace id.
OrderedValue migrateVersion1(WorkspaceReader &reader, const OrderedValue &v1,
                             QVector<MigratedSecret> *secrets)
{
    OrderedValue v2 = v1;
    v2.setMember(QStringLiteral("version"), OrderedValue::number(2));
    v2.setMember(QStringLiteral("id"),
                 OrderedValue::string(QUuid::createUuid().toString(QUuid::WithoutBraces)));

    OrderedValue platforms = OrderedValue::array();
    const QVector<OrderedValue> oldPlatforms =
        reader.array(v1, kWorkspace, QLatin1String("platforms"));
    for (qsizetype i = 0; i < oldPlatforms.size(); ++i) {
        const OrderedValue &old =
            reader.object(oldPlatforms.at(i), Where{nullptr, QLatin1String("platforms"), i});
        // A missing name or function stays missing: reading the result names it.
        OrderedValue platform = OrderedValue::object();
        if (const OrderedValue *name = old.member(QLatin1String("name")))
            platform.setMember(QStringLiteral("name"), *name);
        if (const OrderedValue *functions = old.member(QLatin1String("functions"))) {
            for (PaymentFunction function : kAllPaymentFunctions) {
                if (const OrderedValue *target = functions->member(functionSlug(function)))
                    platform.setMember(functionField(function), *target);
            }
        }
        platforms.append(platform);
    }
    v2.setMember(QStringLiteral("platforms"), platforms);

    OrderedValue providers = OrderedValue::array();
    const QVector<OrderedValue> oldProviders =
        reader.array(v1, kWorkspace, QLatin1String("providers"));
    for (qsizetype i = 0; i < oldProviders.size(); ++i) {
        OrderedValue provider =
            reader.object(oldProviders.at(i), Where{nullptr, QLatin1String("providers"), i});
        QStringList secretKeys;
        if (const OrderedValue *keys = provider.member(QLatin1String("secretKeys"))) {
            for (const OrderedValue &key : keys->items())
                secretKeys.append(key.toString());
        }
        OrderedValue credentials = OrderedValue::array();
        if (const OrderedValue *old = provider.member(QLatin1String("credentials"))) {
            // As a QJsonObject, as version 1 was read: keys sorted, the last of a repeated key.
            const QJsonObject oldCredentials = old->toQJson().toObject();
            for (auto it = oldCredentials.begin(); it != oldCredentials.end(); ++it) {
                const QString key = it.key();
                // Numbers and booleans become their text, as version 1 sent them.
                const QString value = it.value().toVariant().toString();
                OrderedValue credential =
                    OrderedValue::object({{QStringLiteral("key"), OrderedValue::string(key)}});
                if (secretKeys.contains(key)) {
                    credential.setMember(QStringLiteral("secret"), OrderedValue::boolean(true));
                    secrets->append(MigratedSecret{i, key, value});
                } else {
                    credential.setMember(QStringLiteral("value"), OrderedValue::string(value));
                }
                credentials.append(credential);
            }
        }
        provider.setMember(QStringLiteral("credentials"), credentials);
        providers.append(provider);
    }
    v2.setMember(QStringLiteral("providers"), providers);
    return v2;
}

} // namespace

WorkspaceLoadResult workspaceFromJson(const QByteArray &json)
{
    WorkspaceLoadResult result;
    const json::ParseResult parsed = json::parse(json);
    if (!parsed.value) {
        result.error = QStringLiteral("is not valid JSON (%1)").arg(parsed.error);
        return result;
    }
    const OrderedValue &root = *parsed.value;
    const OrderedValue *format = root.member(QLatin1String("format"));
    if (!root.isObject() || !format || format->type() != OrderedValue::Type::String ||
        format->toString() != QLatin1String(kWorkspaceFormatTag)) {
        result.error = QStringLiteral("is not a Paybench workspace (it has no \"format\": \"%1\")")
                           .arg(QLatin1String(kWorkspaceFormatTag));
        return result;
    }
    const OrderedValue *versionValue = root.member(QLatin1String("version"));
    const bool isNumber = versionValue && versionValue->type() == OrderedValue::Type::Number;
    const double versionNumber = isNumber ? versionValue->toDouble() : -1;
    // Checked before the cast: a huge number or 1e400 (Infinity) does not fit an int.
    const bool whole =
        versionNumber >= 1 && versionNumber <= 1e6 && std::floor(versionNumber) == versionNumber;
    const int version = whole ? static_cast<int>(versionNumber) : 0;
    if (!whole) {
        result.error = QStringLiteral("has no valid format version (\"version\" must be a whole "
                                      "number from 1 to %1)")
                           .arg(kWorkspaceFormatVersion);
        return result;
    }
    if (version > kWorkspaceFormatVersion) {
        result.error = QStringLiteral("was written by a newer Paybench (workspace format %1; this "
                                      "version reads formats up to %2). Update Paybench to open "
                                      "it.")
                           .arg(version)
                           .arg(kWorkspaceFormatVersion);
        return result;
    }

    WorkspaceReader reader;
    QVector<MigratedSecret> migratedSecrets;
    OrderedValue migrated;
    if (version == 1) {
        migrated = migrateVersion1(reader, root, &migratedSecrets);
        result.migratedFromVersion = 1;
    }
    Workspace workspace;
    if (!reader.failed())
        workspace = readVersion2(reader, version == 1 ? migrated : root);
    for (const MigratedSecret &secret : migratedSecrets) {
        if (secret.provider >= workspace.providers.size())
            continue;
        if (Credential *credential = workspace.providers[secret.provider].credential(secret.key)) {
            credential->value = secret.value;
            credential->valueLoaded = true;
        }
    }
    if (reader.failed()) {
        result.error = QStringLiteral("is damaged: %1").arg(reader.error());
        return result;
    }
    result.workspace = std::move(workspace);
    return result;
}

} // namespace paybench
