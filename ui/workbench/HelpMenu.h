#pragma once

namespace paybench {

class MainWindow;

// Help › Keyboard shortcuts, Demo gateway test amounts and Openfront profile rules. The texts
// come from where the behaviour lives: the window's actions, app/gateway's TEST-AMOUNTS.md (built
// into the binary) and app/contract's profile registry.
void addHelpTopics(MainWindow *window);

} // namespace paybench
