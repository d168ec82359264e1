using System.Globalization;
using System.Text;
using Ferry.WebDav.Xml;

namespace Ferry.WebDav.Tests.Xml;

/// <summary>DateText must write what DateTime.ToString writes for the format, also when it reuses the text of the second before.</summary>
public sealed class DateTextTests
{
    public static TheoryData<string> Formats => new() { "R", "s" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Each_value_is_written_as_ToString_writes_it_even_within_one_second(string format)
    {
        var text = new DateText(format);
        var start = new DateTime(2026, 12, 3, 8, 41, 23, DateTimeKind.Utc);
        DateTime[] values =
        [
            start, start.AddTicks(1), start.AddTicks(TimeSpan.TicksPerSecond - 1), start.AddSeconds(1), start,
            start.AddDays(-400).AddTicks(5), DateTime.MinValue, DateTime.MaxValue, new DateTime(999, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        ];

        foreach (var value in values)
        {
            Assert.Equal(value.ToString(format, CultureInfo.InvariantCulture), Encoding.ASCII.GetString(text.Format(value)));
        }
    }
}
