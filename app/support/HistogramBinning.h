#pragma once

#include <QString>
#include <QVector>

namespace paybench::support {

// Percentile p (0..100) of sorted values by linear interpolation between closest ranks (the
// "R-7" method of spreadsheets and numpy's default); 0 for no values.
double percentile(const QVector<double> &sorted, double p);

struct HistogramBin {
    double from = 0; // inclusive
    double to = 0;   // exclusive
    int count = 0;
};

// Bins of one "nice" width (1, 2, 2.5 or 5 times a power of ten) laid on multiples of it, so
// every bound prints exactly with `decimals` decimals and no two bins print alike.
struct Histogram {
    QVector<HistogramBin> bins;
    double width = 0;
    int decimals = 0; // the decimals the bounds need: 2 for a width of 0.05, 0 for 5
    // "0.30–0.35": the bin's bounds as they are, never rounded into a neighbour's.
    [[nodiscard]] QString label(const HistogramBin &bin) const;
};

// The smallest nice width at least `rough` (positive), and the decimals it needs.
struct NiceWidth {
    double width = 1;
    int decimals = 0;
};
NiceWidth niceWidthAtLeast(double rough);

// The histogram of values, its width from the data: the Freedman–Diaconis rule
// (2 IQR / n^(1/3)), the square-root rule when the IQR is 0, at least kMinBins bins over the
// range where the data allow, at most maxBins, never finer than kFinestWidth. All values equal:
// one bin around them. No values: no bins.
inline constexpr int kMinBins = 5;
inline constexpr double kFinestWidth = 0.001; // a microsecond, for times in ms
Histogram histogramOf(QVector<double> values, int maxBins = 30);

} // namespace paybench::support
