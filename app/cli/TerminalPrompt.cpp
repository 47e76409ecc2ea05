#include "TerminalPrompt.h"

#include <cstdio>
#include <string>

#ifdef Q_OS_WIN
#include <conio.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace paybench::cli {

#ifdef Q_OS_WIN
std::optional<QString> askOnTerminal(const QString &question)
{
    if (!_isatty(_fileno(stdin)))
        return std::nullopt;
    std::fputs(question.toLocal8Bit().constData(), stderr);
    std::wstring line;
    for (wint_t c = _getwch(); c != L'\r' && c != L'\n'; c = _getwch()) {
        if (c == 3) // Ctrl+C
            return std::nullopt;
        if (c == 8) {
            if (!line.empty())
                line.pop_back();
        } else {
            line.push_back(static_cast<wchar_t>(c));
        }
    }
    std::fputs("\n", stderr);
    return QString::fromStdWString(line);
}
#else
std::optional<QString> askOnTerminal(const QString &question)
{
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty)
        return std::nullopt;
    const int fd = fileno(tty);
    termios saved{};
    if (!isatty(fd) || tcgetattr(fd, &saved) != 0) {
        std::fclose(tty);
        return std::nullopt;
    }
    termios silent = saved;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    std::fputs(question.toLocal8Bit().constData(), tty);
    std::fflush(tty);
    tcsetattr(fd, TCSAFLUSH, &silent);
    std::string line;
    for (int c = std::fgetc(tty); c != EOF && c != '\n'; c = std::fgetc(tty))
        line.push_back(static_cast<char>(c));
    tcsetattr(fd, TCSAFLUSH, &saved);
    std::fputs("\n", tty);
    std::fclose(tty);
    return QString::fromLocal8Bit(line.c_str());
}
#endif

} // namespace paybench::cli
