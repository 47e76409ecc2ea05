// Reading a workspace document (WorkspaceFile.h: workspaceFromJson). A 10,000-provider file is
// read while the window opens, so it is read in one pass with json::JsonReader straight into the
// Workspace: no tree of every value in between, and nothing made per item that only an error
// needs. Members of an object may repeat; as in JavaScript the last one counts, so each item's
// members are collected first and checked when the item ends, in a fixed order, and the first
// problem is reported with its path: "providers[2].installed must be true or false".
#include "WorkspaceFile.h"

#include "CredentialReference.h"
#include "JsonReader.h"
#include "WorkspaceMigration.h"

#include <array>
#include <cmath>
#include <optional>

namespace paybench {
namespace {

using json::JsonReader;
using Kind = JsonReader::Kind;

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

// The first problem found.
class Problem
{
public:
    [[nodiscard]] bool found() const { return !m_text.isEmpty(); }
    [[nodiscard]] const QString &text() const { return m_text; }

    void report(const QString &path, const QString &message)
    {
        if (m_text.isEmpty())
            m_text = path + QLatin1Char(' ') + message;
    }
    void report(const Where &where, QLatin1String key, const QString &message)
    {
        if (m_text.isEmpty())
            report(where.text() + QLatin1Char('.') + key, message);
    }
    void report(const Problem &other)
    {
        if (m_text.isEmpty())
            m_text = other.m_text;
    }

private:
    QString m_text;
};

// The last value of one scalar member, as read; only its kind is kept for anything but a
// string, a boolean or a number.
struct Field {
    Kind kind = Kind::End; // End: the member is absent
    QString text;
    bool flag = false;
    double number = 0;
};

// `shared`: for values that repeat from item to item (a platform's name, a credential's key).
void readField(JsonReader &json, Field *field, bool shared = false)
{
    field->kind = json.next();
    switch (field->kind) {
    case Kind::String:
        field->text = json.readString(shared);
        break;
    case Kind::Bool:
        field->flag = json.readBool();
        break;
    case Kind::Number:
        field->number = json.readNumber();
        break;
    default:
        json.skipValue();
        break;
    }
}

QString stringOf(const Field &field, Problem *problem, const Where &where, QLatin1String key,
                 bool required = true)
{
    if (field.kind == Kind::End && !required)
        return {};
    if (field.kind != Kind::String) {
        problem->report(where, key, QStringLiteral("must be a string"));
        return {};
    }
    return field.text;
}

bool booleanOf(const Field &field, Problem *problem, const Where &where, QLatin1String key,
               bool fallback)
{
    if (field.kind == Kind::End)
        return fallback;
    if (field.kind != Kind::Bool) {
        problem->report(where, key, QStringLiteral("must be true or false"));
        return fallback;
    }
    return field.flag;
}

// Calls readMember(name) for each member of the object that comes next, which reads its value
// (the name is a view, valid until then). False, with the value skipped, when it is not an object.
template <typename ReadMember>
bool readObject(JsonReader &json, ReadMember readMember)
{
    if (json.next() != Kind::Object) {
        json.skipValue();
        return false;
    }
    json.enterObject();
    QAnyStringView name;
    while (json.nextMember(&name))
        readMember(name);
    return true;
}

// A list member ("regions", "countries") of strings, as read.
struct StringsField {
    Kind kind = Kind::End;
    QStringList items;
    qsizetype firstNotString = -1;
};

void readStrings(JsonReader &json, StringsField *field)
{
    *field = StringsField();
    field->kind = json.next();
    if (field->kind != Kind::Array) {
        json.skipValue();
        return;
    }
    json.enterArray();
    while (json.nextItem()) {
        if (json.next() == Kind::String) {
            field->items.append(json.readString(true));
            continue;
        }
        if (field->firstNotString < 0)
            field->firstNotString = field->items.size();
        json.skipValue();
        field->items.append(QString());
    }
}

QStringList stringsOf(const StringsField &field, Problem *problem, const Where &where,
                      QLatin1String key)
{
    if (field.kind == Kind::End)
        return {};
    if (field.kind != Kind::Array) {
        problem->report(where, key, QStringLiteral("must be a list"));
        return {};
    }
    if (field.firstNotString >= 0)
        problem->report(Where{&where, key, field.firstNotString}.text(),
                        QStringLiteral("must be a string"));
    return field.items;
}

void reportNotAnObject(Problem *problem, const Where &where)
{
    problem->report(where.text(), QStringLiteral("must be an object"));
}

Platform readPlatform(JsonReader &json, Problem *problem, const Where &where)
{
    // Plain ASCII: compared with member names, and named in a problem as Latin-1.
    static const std::array<QByteArray, 6> kFunctionFields = [] {
        std::array<QByteArray, 6> fields;
        for (size_t i = 0; i < kAllPaymentFunctions.size(); ++i)
            fields[i] = functionField(kAllPaymentFunctions[i]).toLatin1();
        return fields;
    }();
    Field name;
    Field caCertificateFile;
    std::array<Field, 6> targets;
    const bool isObject = readObject(json, [&](QAnyStringView member) {
        if (member == QLatin1String("name"))
            return readField(json, &name);
        if (member == QLatin1String("caCertificateFile"))
            return readField(json, &caCertificateFile);
        for (size_t i = 0; i < kFunctionFields.size(); ++i) {
            if (member == QLatin1String(kFunctionFields[i]))
                return readField(json, &targets[i]);
        }
        json.skipValue();
    });
    if (!isObject)
        reportNotAnObject(problem, where);
    Platform platform;
    platform.name = stringOf(name, problem, where, QLatin1String("name"));
    for (size_t i = 0; i < kAllPaymentFunctions.size(); ++i)
        platform.setTarget(kAllPaymentFunctions[i],
                           stringOf(targets[i], problem, where, QLatin1String(kFunctionFields[i])));
    platform.caCertificateFile =
        stringOf(caCertificateFile, problem, where, QLatin1String("caCertificateFile"), false);
    return platform;
}

struct CredentialFields {
    bool isObject = false;
    Field key, secret, markedPublic, value;
};

CredentialFields readCredentialFields(JsonReader &json)
{
    CredentialFields fields;
    fields.isObject = readObject(json, [&](QAnyStringView member) {
        if (member == QLatin1String("key"))
            return readField(json, &fields.key, true);
        if (member == QLatin1String("secret"))
            return readField(json, &fields.secret);
        if (member == QLatin1String("public"))
            return readField(json, &fields.markedPublic);
        if (member == QLatin1String("value"))
            return readField(json, &fields.value);
        json.skipValue();
    });
    return fields;
}

// The credentials member, as read: its kind, and each item's fields when it is a list.
void readCredentialList(JsonReader &json, Kind *kind, QVector<CredentialFields> *items)
{
    items->clear();
    *kind = json.next();
    if (*kind != Kind::Array) {
        json.skipValue();
        return;
    }
    json.enterArray();
    while (json.nextItem())
        items->append(readCredentialFields(json));
}

Credential credentialOf(const CredentialFields &fields, Problem *problem, const Where &where)
{
    if (!fields.isObject)
        reportNotAnObject(problem, where);
    Credential credential;
    credential.key = stringOf(fields.key, problem, where, QLatin1String("key"));
    credential.secret = booleanOf(fields.secret, problem, where, QLatin1String("secret"), false);
    credential.markedPublic =
        booleanOf(fields.markedPublic, problem, where, QLatin1String("public"), false);
    if (credential.secret && credential.markedPublic)
        problem->report(where, QLatin1String("public"),
                        QStringLiteral("cannot be true for a secret: a value is either kept "
                                       "secret or shown"));
    const bool hasValue = fields.value.kind != Kind::End;
    credential.value = stringOf(fields.value, problem, where, QLatin1String("value"), false);
    if (credential.secret && hasValue && !isCredentialReference(credential.value))
        problem->report(where, QLatin1String("value"),
                        QStringLiteral("is a secret value written into the workspace file; "
                                       "secrets belong in the keychain or vault"));
    credential.valueLoaded = !credential.secret || hasValue;
    return credential;
}

ProviderInstance readProvider(JsonReader &json, Problem *problem, const Where &where)
{
    Field name, code, platform, installed, environment;
    Kind credentialsKind = Kind::End;
    QVector<CredentialFields> credentials;
    StringsField regions;
    Kind metadataKind = Kind::End;
    QByteArray metadata;
    const bool isObject = readObject(json, [&](QAnyStringView member) {
        if (member == QLatin1String("name"))
            return readField(json, &name);
        if (member == QLatin1String("code"))
            return readField(json, &code);
        if (member == QLatin1String("platform"))
            return readField(json, &platform, true);
        if (member == QLatin1String("installed"))
            return readField(json, &installed);
        if (member == QLatin1String("environment"))
            return readField(json, &environment, true);
        if (member == QLatin1String("regions"))
            return readStrings(json, &regions);
        if (member == QLatin1String("metadata")) {
            metadataKind = json.next(); // Openfront's free-form JSON, kept as text until used
            metadata = json.readRawValue();
            return;
        }
        if (member == QLatin1String("credentials"))
            return readCredentialList(json, &credentialsKind, &credentials);
        json.skipValue();
    });
    if (!isObject)
        reportNotAnObject(problem, where);

    ProviderInstance provider;
    provider.name = stringOf(name, problem, where, QLatin1String("name"));
    provider.code = stringOf(code, problem, where, QLatin1String("code"));
    provider.platform = stringOf(platform, problem, where, QLatin1String("platform"));
    provider.installed = booleanOf(installed, problem, where, QLatin1String("installed"), true);
    const QString environmentName =
        stringOf(environment, problem, where, QLatin1String("environment"), false);
    if (const auto parsed = environmentFromName(environmentName))
        provider.environment = *parsed;
    else if (!environmentName.isEmpty())
        problem->report(where, QLatin1String("environment"),
                        QStringLiteral("must be \"sandbox\" or \"live\""));
    if (credentialsKind != Kind::End && credentialsKind != Kind::Array)
        problem->report(where, QLatin1String("credentials"), QStringLiteral("must be a list"));
    provider.credentials.reserve(credentials.size());
    for (qsizetype c = 0; c < credentials.size(); ++c)
        provider.credentials.append(credentialOf(credentials.at(c), problem,
                                                 Where{&where, QLatin1String("credentials"), c}));
    provider.regions = stringsOf(regions, problem, where, QLatin1String("regions"));
    if (metadataKind == Kind::Object)
        provider.metadata = ProviderMetadata::fromCheckedText(metadata);
    else if (metadataKind != Kind::End)
        reportNotAnObject(problem, Where{&where, QLatin1String("metadata")});
    return provider;
}

Region readRegion(JsonReader &json, Problem *problem, const Where &where)
{
    Field code, name, currency;
    StringsField countries;
    const bool isObject = readObject(json, [&](QAnyStringView member) {
        if (member == QLatin1String("code"))
            return readField(json, &code, true);
        if (member == QLatin1String("name"))
            return readField(json, &name);
        if (member == QLatin1String("currency"))
            return readField(json, &currency, true);
        if (member == QLatin1String("countries"))
            return readStrings(json, &countries);
        json.skipValue();
    });
    if (!isObject)
        reportNotAnObject(problem, where);
    Region region;
    region.code = stringOf(code, problem, where, QLatin1String("code"));
    region.name = stringOf(name, problem, where, QLatin1String("name"));
    region.currency = stringOf(currency, problem, where, QLatin1String("currency"));
    region.countries = stringsOf(countries, problem, where, QLatin1String("countries"));
    return region;
}

// A list member of the document ("providers"), read item by item. Once an item has a problem
// the rest are only checked as JSON: the first problem is what the user sees.
template <typename T>
struct ListMember {
    Kind kind = Kind::End;
    QVector<T> items;
    Problem problem;

    template <typename ReadItem>
    void read(JsonReader &json, QLatin1String name, ReadItem readItem)
    {
        *this = ListMember();
        kind = json.next();
        if (kind != Kind::Array) {
            json.skipValue();
            return;
        }
        json.enterArray();
        for (qsizetype i = 0; json.nextItem(); ++i) {
            if (problem.found())
                json.skipValue();
            else
                items.append(readItem(json, &problem, Where{nullptr, name, i}));
        }
    }

    // The items, or the problem: its own, or that the member is not a list.
    QVector<T> take(Problem *into, QLatin1String name)
    {
        if (kind != Kind::End && kind != Kind::Array)
            into->report(kWorkspace, name, QStringLiteral("must be a list"));
        else if (problem.found())
            into->report(problem);
        return std::move(items);
    }
};

// The members of the document's top-level object, as read.
struct Document {
    bool isObject = false;
    Field format, version, id;
    ListMember<Platform> platforms;
    ListMember<ProviderInstance> providers;
    ListMember<Region> regions;
    Kind openfrontKind = Kind::End;
    Field graphqlUrl;
};

// False, with the reader's error, when the bytes are not JSON.
bool readDocument(JsonReader &json, Document *document)
{
    if (!json.startDocument())
        return false;
    document->isObject = readObject(json, [&](QAnyStringView member) {
        if (member == QLatin1String("format"))
            return readField(json, &document->format);
        if (member == QLatin1String("version"))
            return readField(json, &document->version);
        if (member == QLatin1String("id"))
            return readField(json, &document->id);
        if (member == QLatin1String("platforms"))
            return document->platforms.read(json, QLatin1String("platforms"), readPlatform);
        if (member == QLatin1String("providers")) {
            return document->providers.read(json, QLatin1String("providers"), readProvider);
        }
        if (member == QLatin1String("regions"))
            return document->regions.read(json, QLatin1String("regions"), readRegion);
        if (member == QLatin1String("openfront")) {
            document->graphqlUrl = Field();
            document->openfrontKind = json.next();
            readObject(json, [&](QAnyStringView name) {
                if (name == QLatin1String("graphqlUrl"))
                    return readField(json, &document->graphqlUrl);
                json.skipValue();
            });
            return;
        }
        json.skipValue();
    });
    return json.endDocument();
}

// The workspace, or the first problem in the order id, platforms, providers, regions,
// openfront.
Workspace workspaceOf(Document &document, Problem *problem)
{
    Workspace workspace;
    workspace.id = stringOf(document.id, problem, kWorkspace, QLatin1String("id"));
    if (!problem->found() && workspace.id.isEmpty())
        problem->report(QStringLiteral("workspace.id"), QStringLiteral("must not be empty"));
    workspace.platforms = document.platforms.take(problem, QLatin1String("platforms"));
    workspace.providers = document.providers.take(problem, QLatin1String("providers"));
    workspace.regions = document.regions.take(problem, QLatin1String("regions"));
    if (document.openfrontKind != Kind::End) {
        const Where where{nullptr, QLatin1String("openfront")};
        if (document.openfrontKind != Kind::Object)
            reportNotAnObject(problem, where);
        workspace.openfront.graphqlUrl =
            stringOf(document.graphqlUrl, problem, where, QLatin1String("graphqlUrl"));
    }
    return workspace;
}

} // namespace

WorkspaceLoadResult workspaceFromJson(const QByteArray &json)
{
    WorkspaceLoadResult result;
    JsonReader reader(json);
    Document document;
    if (!readDocument(reader, &document)) {
        result.error = QStringLiteral("is not valid JSON (%1)").arg(reader.error());
        return result;
    }
    if (!document.isObject || document.format.kind != Kind::String ||
        document.format.text != QLatin1String(kWorkspaceFormatTag)) {
        result.error = QStringLiteral("is not a Paybench workspace (it has no \"format\": \"%1\")")
                           .arg(QLatin1String(kWorkspaceFormatTag));
        return result;
    }
    const double versionNumber =
        document.version.kind == Kind::Number ? document.version.number : -1;
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

    Problem problem;
    QVector<MigratedSecret> migratedSecrets;
    if (version == 1) {
        result.migratedFromVersion = 1;
        QString migrationError;
        const QByteArray migrated =
            migrateVersion1(*json::parse(json).value, &migratedSecrets, &migrationError);
        if (!migrationError.isEmpty()) {
            result.error = QStringLiteral("is damaged: %1").arg(migrationError);
            return result;
        }
        JsonReader migratedReader(migrated);
        document = Document();
        readDocument(migratedReader, &document);
    }
    Workspace workspace = workspaceOf(document, &problem);
    if (problem.found()) {
        result.error = QStringLiteral("is damaged: %1").arg(problem.text());
        return result;
    }
    for (const MigratedSecret &secret : migratedSecrets) {
        if (Credential *credential = workspace.providers[secret.provider].credential(secret.key)) {
            credential->value = secret.value;
            credential->valueLoaded = true;
        }
    }
    result.workspace = std::move(workspace);
    return result;
}

} // namespace paybench
