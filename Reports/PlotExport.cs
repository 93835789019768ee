using ScottPlot;

namespace Probabilistic.Reports;

/// <summary>Saves and encodes plots: PNG or SVG, by file name or in memory, and as data URIs for HTML.</summary>
public static class PlotExport
{
    /// <summary>The default width of saved plots, in pixels.</summary>
    public const int DefaultWidth = 640;

    /// <summary>The default height of saved plots, in pixels.</summary>
    public const int DefaultHeight = 420;

    /// <summary>Saves <paramref name="plot"/> as PNG or SVG, chosen by <paramref name="path"/>'s extension (<c>.png</c>, <c>.svg</c>), creating its folder; returns the path.</summary>
    /// <exception cref="ArgumentException">The extension is neither <c>.png</c> nor <c>.svg</c>.</exception>
    public static string SaveAs(this Plot plot, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckSize(width, height);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
            throw new ArgumentException($"PlotExport.SaveAs: '{path}' must end in .png or .svg.", nameof(path));
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        if (extension == ".png") File.WriteAllBytes(path, ToPng(plot, width, height));
        else File.WriteAllText(path, ToSvg(plot, width, height));
        return path;
    }

    /// <summary>The plot rendered as PNG bytes.</summary>
    public static byte[] ToPng(this Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        CheckSize(width, height);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The plot rendered as an SVG document.</summary>
    public static string ToSvg(this Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        CheckSize(width, height);
        return plot.GetSvgXml(width, height);
    }

    /// <summary>An HTML <c>&lt;img&gt;</c> element that embeds the plot as a base64 PNG data URI.</summary>
    public static string ToHtmlImage(this Plot plot, string alt, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(alt);
        return $"<img alt=\"{System.Net.WebUtility.HtmlEncode(alt)}\" width=\"{width}\" height=\"{height}\" src=\"data:image/png;base64,{Convert.ToBase64String(ToPng(plot, width, height))}\"/>";
    }

    private static void CheckSize(int width, int height)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "PlotExport: the width must be positive.");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "PlotExport: the height must be positive.");
    }
}
