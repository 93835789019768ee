using System.Buffers.Binary;
using System.Text;

namespace Probabilistic.Torch.Runtime;

/// <summary>
/// Edits the version-need table of an ELF64 little-endian shared object: flags chosen entries weak
/// (<c>VER_FLG_WEAK</c>), so that the dynamic loader accepts the object when that symbol version is missing.
/// Layout from the System V gABI (ELF-64 header and section headers) and the Linux Standard Base
/// Core Specification, §10.7 "Symbol Versioning" (<c>SHT_GNU_verneed</c>, <c>Elfxx_Verneed</c>, <c>Elfxx_Vernaux</c>).
/// </summary>
internal static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>
    /// Flags weak every version need whose name satisfies <paramref name="select"/>; returns the names flagged.
    /// The bytes are changed in place. A file that is not a 64-bit little-endian ELF object is an error naming it.
    /// </summary>
    public static List<string> FlagWeak(byte[] elf, Func<string, bool> select, string fileName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"'{fileName}' is not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"'{fileName}' is not a 64-bit little-endian ELF file (class {elf[4]}, data {elf[5]}).");
        var span = elf.AsSpan();
        long shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var flagged = new List<string>();
        for (int i = 0; i < shnum; i++)
        {
            var sh = span.Slice(checked((int)(shoff + (long)i * shentsize)), shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != ShtGnuVerneed) continue;
            long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2C..]);
            var strtab = span.Slice(checked((int)(shoff + (long)link * shentsize)), shentsize);
            long strOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(strtab[0x18..]);

            long need = offset;
            for (int n = 0; n < count; n++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(need + 2)..]);
                long aux = need + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 8)..]);
                for (int a = 0; a < auxCount; a++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                    int nameOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 8)..]);
                    string name = ReadString(span, strOffset + nameOffset);
                    if (select(name))
                    {
                        var flags = span[(int)(aux + 4)..];
                        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(flags) | VerFlgWeak));
                        flagged.Add(name);
                    }
                    aux += BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 12)..]);
                }
                need += BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 12)..]);
            }
        }
        return flagged;
    }

    private static string ReadString(ReadOnlySpan<byte> span, long offset)
    {
        int start = checked((int)offset);
        int end = span[start..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(span.Slice(start, end < 0 ? span.Length - start : end));
    }
}
