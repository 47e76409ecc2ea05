#include "ProviderMetadata.h"

#include "JsonReader.h"

#include <mutex>

namespace paybench {

// Either made from an object, or from text that is parsed once, at the first look inside.
struct ProviderMetadata::Content {
    QByteArray text; // null when made from an object; never changed once shared
    std::once_flag parsed;
    QJsonObject object;
};

ProviderMetadata::ProviderMetadata(const QJsonObject &object)
{
    if (object.isEmpty())
        return;
    m_content = std::make_shared<Content>();
    m_content->object = object;
}

ProviderMetadata ProviderMetadata::fromCheckedText(const QByteArray &objectText)
{
    ProviderMetadata metadata;
    metadata.m_content = std::make_shared<Content>();
    metadata.m_content->text = objectText;
    return metadata;
}

const QJsonObject &ProviderMetadata::object() const
{
    static const QJsonObject kEmpty;
    if (!m_content)
        return kEmpty;
    if (m_content->text.isNull())
        return m_content->object;
    std::call_once(m_content->parsed, [content = m_content.get()] {
        json::JsonReader reader(content->text);
        if (reader.startDocument())
            content->object = reader.readJsonValue().toObject();
    });
    return m_content->object;
}

} // namespace paybench
