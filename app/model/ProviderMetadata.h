#pragma once

#include <QByteArray>
#include <QJsonObject>

#include <memory>

namespace paybench {

// A provider's free-form metadata: Openfront's JSON object, passed through as it is. Read from a
// workspace file it stays JSON text until something looks inside: a file of 10,000 providers
// opens without making 10,000 objects that nobody looks at (about 3 ms). Copies share the text
// and what is made of it; looking inside is safe from any thread.
class ProviderMetadata final
{
public:
    ProviderMetadata() = default;
    // NOLINTNEXTLINE(google-explicit-constructor): any JSON object is metadata
    ProviderMetadata(const QJsonObject &object);
    // Text that json::JsonReader has checked to be one JSON object.
    static ProviderMetadata fromCheckedText(const QByteArray &objectText);

    [[nodiscard]] const QJsonObject &object() const;
    [[nodiscard]] bool isEmpty() const { return object().isEmpty(); }

    friend bool operator==(const ProviderMetadata &a, const ProviderMetadata &b)
    {
        return a.object() == b.object();
    }
    friend bool operator!=(const ProviderMetadata &a, const ProviderMetadata &b)
    {
        return !(a == b);
    }

private:
    struct Content;
    std::shared_ptr<Content> m_content; // null: no metadata, the empty object
};

} // namespace paybench
