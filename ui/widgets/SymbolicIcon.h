#pragma once

#include <QColor>
#include <QIcon>

namespace paybench {

// Paybench's own icons (resources/icons/symbolic, from Material Symbols).
enum class Symbol {
    NewWorkspace,
    Open,
    Save,
    Undo,
    Redo,
    Platform,
    Provider,
    Region,
    Group,
    Remove,
    Close,
    Error,
    Warning,
};

// The icon drawn in the palette's text colour at the moment it is painted (the selection's text
// colour when selected, the disabled one when disabled), so it follows a dark theme; or always
// in color when one is given. Not the style's standard icons: on Linux their first use reads the
// desktop icon theme's index, about 5 ms of every start.
QIcon symbolicIcon(Symbol symbol, const QColor &color = QColor());

} // namespace paybench
