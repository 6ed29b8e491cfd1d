using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;

namespace SqliteGen;

/// <summary>
/// A check of a native library file before it is handed to the dynamic loader. <c>dlopen</c> of a
/// truncated ELF file (an interrupted download or copy of <c>vec0.so</c>) maps segments past the end of the file,
/// and the loader's first touch of them kills the process with SIGBUS: no error to catch. A file that is not ELF at
/// all fails in <c>dlopen</c>, but SQLite then retries with <c>.so</c> appended and reports that name as missing,
/// which misleads. So on Linux the ELF header, the architecture and the length the file must have are checked first.
/// </summary>
internal static class SharedLibraryFile
{
    private const int Elf64HeaderSize = 64;
    private const uint PtLoad = 1;

    /// <summary>Null when <paramref name="path"/> looks like a whole ELF shared library for this process; otherwise what is wrong with it.</summary>
    public static string? Problem(string path)
    {
        if (!OperatingSystem.IsLinux())
            return null; // other formats: left to the loader
        byte[] header = new byte[Elf64HeaderSize];
        long length;
        using (FileStream file = File.OpenRead(path))
        {
            length = file.Length;
            int read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read < 4 || header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
                return $"'{path}' is not a shared library (no ELF header; {length:N0} bytes). Replace it with the sqlite-vec build for this platform.";
            if (read < Elf64HeaderSize || header[4] != 2 || header[5] != 1)
                return $"'{path}' is not a 64-bit little-endian ELF library, which this process needs.";
            ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18));
            ushort expected = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => 62,
                Architecture.Arm64 => 183,
                _ => machine,
            };
            if (machine != expected)
                return $"'{path}' is built for another processor (ELF machine {machine}; this process is {RuntimeInformation.ProcessArchitecture}).";

            // The section header table usually ends the file; every loadable segment must lie inside it.
            ulong sectionTable = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(40));
            ulong sectionsEnd = sectionTable + (ulong)BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(58)) * BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(60));
            ulong needed = sectionsEnd;
            ulong programTable = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(32));
            int programEntry = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(54));
            int programCount = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(56));
            if (programEntry < 56 || programTable + (ulong)(programEntry * programCount) > (ulong)length)
                return Truncated(path, length, programTable + (ulong)(programEntry * programCount));
            byte[] entry = new byte[programEntry];
            for (int i = 0; i < programCount; i++)
            {
                file.Position = (long)programTable + (long)i * programEntry;
                file.ReadExactly(entry);
                if (BinaryPrimitives.ReadUInt32LittleEndian(entry) == PtLoad)
                    needed = Math.Max(needed, BinaryPrimitives.ReadUInt64LittleEndian(entry.AsSpan(8)) + BinaryPrimitives.ReadUInt64LittleEndian(entry.AsSpan(32)));
            }
            return needed > (ulong)length ? Truncated(path, length, needed) : null;
        }
    }

    private static string Truncated(string path, long length, ulong needed) =>
        $"'{path}' is cut short ({length:N0} bytes; its headers need {needed:N0}): an interrupted download or copy. Loading it would crash the process; replace it.";
}
