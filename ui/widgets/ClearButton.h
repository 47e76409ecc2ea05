#pragma once

class QLineEdit;

namespace paybench {

// What QLineEdit::setClearButtonEnabled gives, drawn from Paybench's icons: Qt's own reads the
// desktop icon theme on first use, about 5 ms of the start when the first screen has one. The
// clear is an edit like typing (textEdited, and Ctrl+Z brings the text back).
void addClearButton(QLineEdit *edit);

} // namespace paybench
