#include "HistogramBinning.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace paybench::support {

namespace {

// Slack for comparing a rough width with a nice one computed in floating point.
constexpr double kSlack = 1e-9;

// The nice widths of rough's decade and the next one's first: 1, 2, 2.5, 5 and 10 times
// 10^floor(log10(rough)), with the decimals each needs.
std::array<NiceWidth, 5> niceWidthsAround(double rough)
{
    const int exponent = int(std::floor(std::log10(rough)));
    // Dividing by an exact power of ten rounds 0.05 better than multiplying by 0.01 does.
    const auto scaled = [exponent](double step) {
        return exponent < 0 ? step / std::pow(10.0, -exponent) : step * std::pow(10.0, exponent);
    };
    const int decimals = std::max(0, -exponent);
    const int halfStep = exponent <= 0 ? 1 : 0; // 2.5 needs one more
    return {{{scaled(1), decimals},
             {scaled(2), decimals},
             {scaled(2.5), decimals + halfStep},
             {scaled(5), decimals},
             {scaled(10), std::max(0, -exponent - 1)}}};
}

// The largest nice width at most `rough` (floored at kFinestWidth).
NiceWidth niceWidthAtMost(double rough)
{
    rough = std::max(rough, kFinestWidth);
    const std::array<NiceWidth, 5> widths = niceWidthsAround(rough);
    NiceWidth best = widths.front(); // 10^exponent <= rough always
    for (const NiceWidth &nice : widths) {
        if (nice.width <= rough * (1 + kSlack))
            best = nice;
    }
    return best;
}

} // namespace

double percentile(const QVector<double> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * double(sorted.size() - 1);
    const auto lower = qsizetype(std::floor(rank));
    const auto upper = qsizetype(std::ceil(rank));
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - double(lower));
}

QString Histogram::label(const HistogramBin &bin) const
{
    return QStringLiteral("%1%2%3")
        .arg(bin.from, 0, 'f', decimals)
        .arg(QChar(0x2013)) // en dash
        .arg(bin.to, 0, 'f', decimals);
}

NiceWidth niceWidthAtLeast(double rough)
{
    rough = std::max(rough, kFinestWidth);
    const std::array<NiceWidth, 5> widths = niceWidthsAround(rough);
    for (const NiceWidth &nice : widths) {
        if (nice.width >= rough * (1 - kSlack))
            return nice;
    }
    return widths.back(); // 10^(exponent + 1) > rough always
}

Histogram histogramOf(QVector<double> values, int maxBins)
{
    Histogram histogram;
    if (values.isEmpty())
        return histogram;
    maxBins = std::max(1, maxBins);
    std::sort(values.begin(), values.end());
    const double low = values.first();
    const double high = values.last();
    const double range = high - low;
    NiceWidth nice;
    if (range <= 0) {
        nice = niceWidthAtLeast(std::abs(low) / 10); // one bin; the width sets how it prints
    } else {
        const double iqr = percentile(values, 75) - percentile(values, 25);
        const double n = double(values.size());
        const double rough = iqr > 0 ? 2 * iqr / std::cbrt(n) : range / std::ceil(std::sqrt(n));
        // Too coarse for kMinBins over the range: the nice width just below that many.
        nice = rough > range / kMinBins ? niceWidthAtMost(range / kMinBins)
                                        : niceWidthAtLeast(std::max(rough, range / maxBins));
    }
    // Each bound is the double nearest to the decimal its label prints (0.3, not 3 * 0.1), and
    // one bin's end is the next one's start.
    const auto bound = [&nice](qint64 index) {
        const double scale = std::pow(10.0, nice.decimals);
        return std::round(double(index) * nice.width * scale) / scale;
    };
    // The index of the bin holding value: the division guesses, the bounds decide.
    const auto binOf = [&nice, &bound](double value) {
        auto index = qint64(std::floor(value / nice.width));
        while (bound(index + 1) <= value)
            ++index;
        while (bound(index) > value)
            --index;
        return index;
    };
    qint64 first = binOf(low);
    qint64 count = binOf(high) - first + 1;
    while (count > maxBins) {
        // Laid on multiples, the range can straddle one bin more than it spans: widen.
        nice = niceWidthAtLeast(nice.width * 1.01);
        first = binOf(low);
        count = binOf(high) - first + 1;
    }
    histogram.width = nice.width;
    histogram.decimals = nice.decimals;
    histogram.bins.resize(count);
    for (qint64 i = 0; i < count; ++i) {
        histogram.bins[i].from = bound(first + i);
        histogram.bins[i].to = bound(first + i + 1);
    }
    for (const double value : std::as_const(values))
        ++histogram.bins[binOf(value) - first].count;
    return histogram;
}

} // namespace paybench::support
