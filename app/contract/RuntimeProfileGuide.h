#pragma once

#include <QString>

namespace paybench::contract {

// What each runtime profile checks, as Markdown built from the registry (name, title,
// description, the functions it calls): Help › Openfront Profile Rules shows it.
QString runtimeProfileGuideMarkdown();

} // namespace paybench::contract
