#pragma once

#include "Finding.h"

#include <QColor>
#include <QString>

namespace paybench::ui {

// The green / amber / red of a verdict, readable on light and dark themes.
inline QColor severityColor(contract::Severity severity)
{
    switch (severity) {
    case contract::Severity::Pass:
        return QColor(0x2e, 0x8b, 0x57);
    case contract::Severity::Warning:
        return QColor(0xd1, 0x8a, 0x00);
    case contract::Severity::Failure:
        return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

} // namespace paybench::ui
