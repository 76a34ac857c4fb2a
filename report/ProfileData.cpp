//===- ProfileData.cpp - In-memory .lprof profiles and their reader -------===//

#include "ProfileData.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

using namespace llvm;

namespace lineprof {

namespace {

constexpr StringLiteral Magic("\x89LPROF\r\n");
constexpr uint64_t HeaderSize = 32;
constexpr uint64_t RecordHeaderSize = 16;
constexpr uint16_t SupportedMajor = 1;
/// The newest minor version this reader knows (docs/lprof-format.md). A
/// newer one only adds records and fields, which are skipped, and is
/// noted (ProfileFile::Notes).
constexpr uint16_t KnownMinor = 5;
constexpr uint64_t LineEntrySize = 16;
constexpr uint64_t DetailEntrySize = 24;
/// Format 1.4's self_ticks and self_net_ticks of a line.
constexpr uint64_t SelfEntrySize = 16;
constexpr uint64_t MemoryEntrySize = 64;

/// "1 byte", "2 bytes".
std::string count(uint64_t N, StringRef Noun) {
  return fmt::format("{} {}{}", N, std::string_view(Noun), N == 1 ? "" : "s");
}

Error makeError(const std::string &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

/// A record tag as text: the four characters if printable, else hex.
std::string tagName(StringRef Tag) {
  if (all_of(Tag, [](char C) { return C >= 0x20 && C < 0x7f; }))
    return Tag.str();
  return fmt::format("0x{:08x}", support::endian::read32be(Tag.data()));
}

/// Reads the fields of one record body, checking every read against the
/// bytes left so that no length or count from the file is trusted.
class RecordCursor {
public:
  RecordCursor(StringRef Body, std::string What)
      : Body(Body), What(std::move(What)) {}

  uint64_t remaining() const { return Body.size() - Pos; }

  Expected<uint32_t> readU32(StringRef Field) {
    Expected<StringRef> Bytes = take(4, Field);
    if (!Bytes)
      return Bytes.takeError();
    return support::endian::read32le(Bytes->data());
  }

  Expected<uint64_t> readU64(StringRef Field) {
    Expected<StringRef> Bytes = take(8, Field);
    if (!Bytes)
      return Bytes.takeError();
    return support::endian::read64le(Bytes->data());
  }

  Expected<int64_t> readI64(StringRef Field) {
    Expected<uint64_t> V = readU64(Field);
    if (!V)
      return V.takeError();
    return static_cast<int64_t>(*V);
  }

  Expected<double> readF64(StringRef Field) {
    Expected<uint64_t> V = readU64(Field);
    if (!V)
      return V.takeError();
    return bit_cast<double>(*V);
  }

  Expected<StringRef> readString(StringRef Field) {
    Expected<uint32_t> Length = readU32(Field);
    if (!Length)
      return Length.takeError();
    if (*Length > remaining())
      return error(fmt::format("{} length {} runs past the end of the record "
                               "({} left)",
                               Field.str(), *Length,
                               count(remaining(), "byte")));
    return take(*Length, Field);
  }

  Expected<StringRef> take(uint64_t N, StringRef Field) {
    if (N > remaining())
      return error(fmt::format("record too short for {} (needs {}, {} left)",
                               Field.str(), count(N, "byte"), remaining()));
    StringRef Bytes = Body.substr(Pos, N);
    Pos += N;
    return Bytes;
  }

  /// An error about this record: "<What>: <Message>".
  Error error(const std::string &Message) const {
    return makeError(What + ": " + Message);
  }

private:
  StringRef Body;
  uint64_t Pos = 0;
  std::string What;
};

Expected<RunInfo> parseProg(RecordCursor &C) {
  RunInfo Run;
  Expected<double> SecondsPerTick = C.readF64("seconds_per_tick");
  if (!SecondsPerTick)
    return SecondsPerTick.takeError();
  Run.SecondsPerTick = *SecondsPerTick;
  Expected<uint32_t> Clock = C.readU32("clock");
  if (!Clock)
    return Clock.takeError();
  Run.Clock = *Clock;
  Expected<uint32_t> Pid = C.readU32("pid");
  if (!Pid)
    return Pid.takeError();
  Run.Pid = *Pid;
  Expected<int64_t> StartNs = C.readI64("start_ns");
  if (!StartNs)
    return StartNs.takeError();
  Run.StartNs = *StartNs;
  Expected<int64_t> EndNs = C.readI64("end_ns");
  if (!EndNs)
    return EndNs.takeError();
  Run.EndNs = *EndNs;
  Expected<StringRef> Program = C.readString("program");
  if (!Program)
    return Program.takeError();
  Run.Program = Program->str();

  // Format 1.2 appends the modes and the calibration, all or nothing.
  if (C.remaining() != 0) {
    Expected<uint32_t> Modes = C.readU32("modes");
    if (!Modes)
      return Modes.takeError();
    Run.Modes = *Modes;
    for (double *Field :
         {&Run.TimingProbeTicks, &Run.TimingEntryTicks, &Run.SampleProbeTicks,
          &Run.SampleIntervalTicks, &Run.SampleMeanGap}) {
      Expected<double> V = C.readF64("calibration");
      if (!V)
        return V.takeError();
      *Field = *V;
    }
  }

  // Every time in the file is scaled by this; a bad value would turn the
  // whole table into garbage, so reject it.
  if (!std::isfinite(Run.SecondsPerTick) || Run.SecondsPerTick <= 0)
    return C.error(fmt::format("seconds_per_tick is {}, must be finite and "
                               "> 0",
                               Run.SecondsPerTick));
  return Run;
}

/// Format 1.4's times of a function, appended to its FUNC record or its
/// part of a THRD record: total and net total counted once, then per line
/// self and net self. Absent (older files): derived from the lines.
Error readOnceTimes(RecordCursor &C, FunctionProfile &F) {
  F.deriveOnceTimes();
  if (C.remaining() == 0)
    return Error::success();
  uint64_t Bytes = 16 + F.Lines.size() * SelfEntrySize;
  if (Bytes > C.remaining())
    return C.error(fmt::format("{} has {} and needs {} of self times, but "
                               "only {} remain in the record",
                               F.Name, count(F.Lines.size(), "line"),
                               count(Bytes, "byte"), C.remaining()));
  F.RawOnceTime = static_cast<double>(cantFail(C.readU64("total_ticks")));
  F.NetOnceTime = static_cast<double>(cantFail(C.readU64("total_net_ticks")));
  for (LineStats &L : F.Lines) {
    L.RawSelfTime = static_cast<double>(cantFail(C.readU64("self_ticks")));
    L.NetSelfTime = static_cast<double>(cantFail(C.readU64("self_net_ticks")));
  }
  F.HasSelf = true;
  return Error::success();
}

Expected<FunctionProfile> parseFunc(RecordCursor &C, double SecondsPerTick) {
  FunctionProfile F;
  F.TimeUnit = SecondsPerTick;
  Expected<StringRef> File = C.readString("file");
  if (!File)
    return File.takeError();
  F.File = File->str();
  Expected<StringRef> Name = C.readString("name");
  if (!Name)
    return Name.takeError();
  F.Name = Name->str();
  Expected<uint32_t> FirstLine = C.readU32("first_line");
  if (!FirstLine)
    return FirstLine.takeError();
  F.FirstLine = *FirstLine;
  Expected<uint32_t> NumLines = C.readU32("num_lines");
  if (!NumLines)
    return NumLines.takeError();
  Expected<StringRef> Source = C.readString("source");
  if (!Source)
    return Source.takeError();

  if (F.FirstLine == 0)
    return C.error("first_line is 0 (lines are numbered from 1)");
  if (*NumLines == 0)
    return C.error("num_lines is 0");
  // Line numbers are u32, like the compiler's: the last must be one too.
  uint64_t LastLine = uint64_t(F.FirstLine) + *NumLines - 1;
  if (LastLine > std::numeric_limits<uint32_t>::max())
    return C.error(fmt::format("lines {} to {} run past the largest line "
                               "number, {}",
                               F.FirstLine, LastLine,
                               std::numeric_limits<uint32_t>::max()));
  // Check the count against the bytes present before allocating for it.
  uint64_t LinesBytes = uint64_t(*NumLines) * LineEntrySize;
  if (LinesBytes > C.remaining())
    return C.error(fmt::format("num_lines {} needs {} of line counts, but "
                               "only {} remain in the record",
                               *NumLines, count(LinesBytes, "byte"),
                               C.remaining()));

  // The snapshot holds exactly num_lines lines joined by '\n'.
  uint64_t SourceLines = Source->count('\n') + 1;
  if (SourceLines != *NumLines)
    return C.error(fmt::format("source has {} but num_lines is {}",
                               count(SourceLines, "line"), *NumLines));
  SmallVector<StringRef, 0> Split;
  Source->split(Split, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/true);
  F.SourceLines.assign(Split.begin(), Split.end());

  F.Lines.resize(*NumLines);
  for (LineStats &L : F.Lines) {
    // Cannot fail: the size check above covers every entry.
    L.Hits = cantFail(C.readU64("hits"));
    L.Time = L.RawTime = L.NetTime =
        static_cast<double>(cantFail(C.readU64("ticks")));
  }

  // Format 1.1 appends the number of activations; older files end here.
  if (C.remaining() == 0)
    return F;
  Expected<uint64_t> Calls = C.readU64("calls");
  if (!Calls)
    return Calls.takeError();
  F.Calls = *Calls;

  // Format 1.2 appends the modes and per-line details.
  if (C.remaining() == 0)
    return F;
  Expected<uint32_t> Modes = C.readU32("modes");
  if (!Modes)
    return Modes.takeError();
  F.Modes = *Modes;
  uint64_t DetailsBytes = uint64_t(*NumLines) * DetailEntrySize;
  if (DetailsBytes > C.remaining())
    return C.error(fmt::format("num_lines {} needs {} of line details, but "
                               "only {} remain in the record",
                               *NumLines, count(DetailsBytes, "byte"),
                               C.remaining()));
  for (LineStats &L : F.Lines) {
    L.NetTime = static_cast<double>(cantFail(C.readU64("net_ticks")));
    L.Probes = cantFail(C.readU64("probes"));
    L.SampleWeight = cantFail(C.readU64("sample_weight"));
  }
  F.HasDetails = true;
  if (Error E = readOnceTimes(C, F))
    return E;
  F.selectTimes(/*Raw=*/false);
  return F;
}

/// Per function and line, the integer sums of the THRD records, to check
/// them against the FUNC totals.
using TickSums = std::vector<std::vector<std::pair<uint64_t, uint64_t>>>;

Expected<ThreadProfile> parseThrd(RecordCursor &C,
                                  ArrayRef<FunctionProfile> Functions,
                                  TickSums &Sums) {
  ThreadProfile T;
  Expected<uint32_t> Thread = C.readU32("thread");
  if (!Thread)
    return Thread.takeError();
  T.Thread = *Thread;
  Expected<uint32_t> Tid = C.readU32("tid");
  if (!Tid)
    return Tid.takeError();
  T.Tid = *Tid;
  Expected<StringRef> Name = C.readString("name");
  if (!Name)
    return Name.takeError();
  T.Name = Name->str();
  Expected<uint32_t> Count = C.readU32("count");
  if (!Count)
    return Count.takeError();
  // Every entry has at least its 4-byte index: check before reserving.
  if (uint64_t(*Count) * 4 > C.remaining())
    return C.error(fmt::format("count {} needs at least {}, but only {} "
                               "remain in the record",
                               *Count, count(uint64_t(*Count) * 4, "byte"),
                               C.remaining()));
  if (*Count > Functions.size())
    return C.error(fmt::format("count {} is more than the {} in the file",
                               *Count, count(Functions.size(), "function")));

  T.Functions.reserve(*Count);
  std::vector<bool> Seen(Functions.size());
  for (uint32_t I = 0; I != *Count; ++I) {
    Expected<uint32_t> Index = C.readU32("function");
    if (!Index)
      return Index.takeError();
    if (*Index >= Functions.size())
      return C.error(fmt::format("function index {} is out of range (the "
                                 "file has {})",
                                 *Index, count(Functions.size(), "function")));
    if (Seen[*Index])
      return C.error(fmt::format("function {} appears twice", *Index));
    Seen[*Index] = true;

    const FunctionProfile &Whole = Functions[*Index];
    uint64_t Bytes = Whole.Lines.size() * LineEntrySize;
    if (Bytes > C.remaining())
      return C.error(fmt::format("function {} has {} and needs {} of line "
                                 "counts, but only {} remain in the record",
                                 *Index, count(Whole.Lines.size(), "line"),
                                 count(Bytes, "byte"), C.remaining()));
    FunctionProfile Part;
    Part.File = Whole.File;
    Part.Name = Whole.Name;
    Part.FirstLine = Whole.FirstLine;
    Part.TimeUnit = Whole.TimeUnit;
    Part.Modes = Whole.Modes;
    Part.Lines.resize(Whole.Lines.size());
    std::vector<std::pair<uint64_t, uint64_t>> &Sum = Sums[*Index];
    Sum.resize(Whole.Lines.size());
    for (size_t L = 0, E = Part.Lines.size(); L != E; ++L) {
      uint64_t Hits = cantFail(C.readU64("hits"));
      uint64_t Ticks = cantFail(C.readU64("ticks"));
      Part.Lines[L].Hits = Hits;
      Part.Lines[L].Time = Part.Lines[L].RawTime = Part.Lines[L].NetTime =
          static_cast<double>(Ticks);
      // Wrapping sums: a wrapped total cannot equal the FUNC one by chance
      // unless the writer wrapped too.
      Sum[L].first += Hits;
      Sum[L].second += Ticks;
    }
    T.Functions.push_back(std::move(Part));
  }

  // Format 1.2 appends, per function in the same order, this thread's calls
  // and details. The functions' Modes come from their FUNC records.
  if (C.remaining() == 0)
    return T;
  for (FunctionProfile &Part : T.Functions) {
    Expected<uint64_t> Calls = C.readU64("calls");
    if (!Calls)
      return Calls.takeError();
    Part.Calls = *Calls;
    uint64_t Bytes = Part.Lines.size() * DetailEntrySize;
    if (Bytes > C.remaining())
      return C.error(fmt::format("{} has {} and needs {} of line details, "
                                 "but only {} remain in the record",
                                 Part.Name, count(Part.Lines.size(), "line"),
                                 count(Bytes, "byte"), C.remaining()));
    for (LineStats &L : Part.Lines) {
      L.NetTime = static_cast<double>(cantFail(C.readU64("net_ticks")));
      L.Probes = cantFail(C.readU64("probes"));
      L.SampleWeight = cantFail(C.readU64("sample_weight"));
    }
    Part.HasDetails = true;
  }
  // Format 1.4 appends, per function in the same order, its times counted
  // once and its lines' self times.
  if (C.remaining() == 0) {
    for (FunctionProfile &Part : T.Functions)
      Part.deriveOnceTimes();
    return T;
  }
  for (FunctionProfile &Part : T.Functions) {
    if (C.remaining() == 0)
      return C.error(fmt::format("{} has no self times", Part.Name));
    if (Error E = readOnceTimes(C, Part))
      return E;
  }
  return T;
}

/// One EDGE entry: caller index, line, callee index, calls, ticks, net.
constexpr uint64_t EdgeEntrySize = 3 * 4 + 3 * 8;
constexpr uint32_t OutsideCaller = 0xFFFFFFFF;

/// Adds an EDGE record's entries (one thread's) into Calls, in seconds.
Error parseEdge(RecordCursor &C, ArrayRef<FunctionProfile> Functions,
                double SecondsPerTick, CallMap &Calls) {
  Expected<uint32_t> Thread = C.readU32("thread");
  if (!Thread)
    return Thread.takeError();
  Expected<uint32_t> Count = C.readU32("count");
  if (!Count)
    return Count.takeError();
  if (uint64_t(*Count) * EdgeEntrySize > C.remaining())
    return C.error(fmt::format("count {} needs {} of edges, but only {} "
                               "remain in the record",
                               *Count, count(*Count * EdgeEntrySize, "byte"),
                               C.remaining()));
  auto KeyOf = [&](uint32_t Index) {
    const FunctionProfile &F = Functions[Index];
    return FunctionKey(F.File, F.FirstLine, F.Name);
  };
  for (uint32_t I = 0; I != *Count; ++I) {
    uint32_t Caller = cantFail(C.readU32("caller"));
    uint32_t Line = cantFail(C.readU32("line"));
    uint32_t Callee = cantFail(C.readU32("callee"));
    CallStats Stats;
    Stats.Calls = cantFail(C.readU64("calls"));
    Stats.RawSeconds = double(cantFail(C.readU64("ticks"))) * SecondsPerTick;
    Stats.NetSeconds =
        double(cantFail(C.readU64("net_ticks"))) * SecondsPerTick;
    if (Callee >= Functions.size())
      return C.error(fmt::format("edge {}: callee index {} is out of range "
                                 "(the file has {})",
                                 I, Callee, count(Functions.size(), "function")));
    std::optional<FunctionKey> CallerKey;
    if (Caller == OutsideCaller) {
      if (Line != 0)
        return C.error(fmt::format("edge {}: line {} for a call from outside "
                                   "any profiled line (must be 0)",
                                   I, Line));
    } else {
      if (Caller >= Functions.size())
        return C.error(fmt::format("edge {}: caller index {} is out of range "
                                   "(the file has {})",
                                   I, Caller,
                                   count(Functions.size(), "function")));
      const FunctionProfile &F = Functions[Caller];
      if (Line < F.FirstLine || Line - F.FirstLine >= F.Lines.size())
        return C.error(fmt::format("edge {}: line {} is not a line of {} "
                                   "(lines {} to {})",
                                   I, Line, F.Name, F.FirstLine,
                                   uint64_t(F.FirstLine) + F.Lines.size() - 1));
      CallerKey = KeyOf(Caller);
    }
    Calls[CallKey(std::move(CallerKey), Line, KeyOf(Callee))] += Stats;
  }
  return Error::success();
}

Expected<RunMemory> parseMemr(RecordCursor &C) {
  RunMemory M;
  for (auto [Field, Name] :
       {std::pair(&M.Allocs, "allocs"), std::pair(&M.AllocBytes, "alloc_bytes"),
        std::pair(&M.Frees, "frees"), std::pair(&M.FreedBytes, "freed_bytes"),
        std::pair(&M.UntrackedFrees, "untracked_frees"),
        std::pair(&M.LiveBytes, "live_bytes"),
        std::pair(&M.PeakLiveBytes, "peak_live_bytes"),
        std::pair(&M.UnattributedAllocs, "unattributed_allocs"),
        std::pair(&M.UnattributedBytes, "unattributed_bytes")}) {
    Expected<uint64_t> V = C.readU64(Name);
    if (!V)
      return V.takeError();
    *Field = *V;
  }
  return M;
}

/// Bytes of one thread's entry in a LOAD record.
constexpr uint64_t LoadEntrySize = 4 + 4 * 8;

Expected<RunLoad> parseLoad(RecordCursor &C) {
  RunLoad L;
  Expected<uint32_t> Measurements = C.readU32("measurements");
  if (!Measurements)
    return Measurements.takeError();
  L.Measurements = *Measurements;
  Expected<double> Spread = C.readF64("probe_spread");
  if (!Spread)
    return Spread.takeError();
  if (!std::isfinite(*Spread) || *Spread < 0)
    return C.error(fmt::format("probe_spread is {}, must be finite and >= 0",
                               *Spread));
  L.ProbeSpread = *Spread;
  Expected<uint32_t> Count = C.readU32("count");
  if (!Count)
    return Count.takeError();
  uint64_t Bytes = uint64_t(*Count) * LoadEntrySize;
  if (Bytes > C.remaining())
    return C.error(fmt::format("count {} needs {} of thread entries, but only "
                               "{} remain in the record",
                               *Count, count(Bytes, "byte"), C.remaining()));
  L.Threads.resize(*Count);
  for (ThreadLoad &T : L.Threads) {
    T.Thread = cantFail(C.readU32("thread"));
    T.WallNs = cantFail(C.readU64("wall_ns"));
    T.CpuNs = cantFail(C.readU64("cpu_ns"));
    T.Involuntary = cantFail(C.readU64("involuntary"));
    T.Voluntary = cantFail(C.readU64("voluntary"));
  }
  return L;
}

/// Reads a MEMF record into its function, which must not have had one.
Error parseMemf(RecordCursor &C, MutableArrayRef<FunctionProfile> Functions,
                std::vector<bool> &Seen) {
  Expected<uint32_t> Index = C.readU32("function");
  if (!Index)
    return Index.takeError();
  if (*Index >= Functions.size())
    return C.error(fmt::format("function index {} is out of range (the file "
                               "has {})",
                               *Index, count(Functions.size(), "function")));
  if (Seen[*Index])
    return C.error(fmt::format("second MEMF record for function {} (at most "
                               "one per function)",
                               *Index));
  Seen[*Index] = true;
  Expected<uint64_t> Peak = C.readU64("peak_bytes");
  if (!Peak)
    return Peak.takeError();
  FunctionProfile &F = Functions[*Index];
  uint64_t Bytes = F.Lines.size() * MemoryEntrySize;
  if (Bytes > C.remaining())
    return C.error(fmt::format("function {} has {} and needs {} of line "
                               "figures, but only {} remain in the record",
                               *Index, count(F.Lines.size(), "line"),
                               count(Bytes, "byte"), C.remaining()));
  F.PeakBytes = *Peak;
  // MEMR gave every function its zeroed lines already.
  for (LineMemory &L : F.Memory) {
    // Cannot fail: the size check above covers every entry.
    L.Allocs = cantFail(C.readU64("allocs"));
    L.AllocBytes = cantFail(C.readU64("alloc_bytes"));
    L.Frees = cantFail(C.readU64("frees"));
    L.FreedBytes = cantFail(C.readU64("freed_bytes"));
    L.RetainedBlocks = cantFail(C.readU64("retained_blocks"));
    L.RetainedBytes = cantFail(C.readU64("retained_bytes"));
    L.SelfAllocs = cantFail(C.readU64("self_allocs"));
    L.SelfAllocBytes = cantFail(C.readU64("self_alloc_bytes"));
  }
  return Error::success();
}

/// A tick count read into a double, as the integer it was. Counts near
/// 2^64 round up to 2^64 in a double, which no integer type holds.
std::string ticksText(double Ticks) {
  if (Ticks < 18446744073709551616.0)
    return std::to_string(static_cast<uint64_t>(Ticks));
  return fmt::format("{}", Ticks);
}

/// The spec promises that the threads add up to the FUNC totals; a file
/// where they do not is damaged or was written by a broken writer.
Error checkThreadSums(ArrayRef<FunctionProfile> Functions,
                      const TickSums &Sums) {
  for (size_t I = 0, E = Functions.size(); I != E; ++I) {
    const FunctionProfile &F = Functions[I];
    for (size_t L = 0, LE = F.Lines.size(); L != LE; ++L) {
      std::pair<uint64_t, uint64_t> Sum =
          Sums[I].empty() ? std::make_pair(uint64_t(0), uint64_t(0))
                          : Sums[I][L];
      // FUNC ticks are exact in the double as long as they are below 2^53;
      // compare in the same representation either way.
      if (Sum.first == F.Lines[L].Hits &&
          static_cast<double>(Sum.second) == F.Lines[L].RawTime)
        continue;
      return makeError(fmt::format(
          "the THRD records do not add up to the FUNC totals: {} line {} has "
          "{} hits and {} ticks, its threads {} and {}",
          F.Name, uint64_t(F.FirstLine) + L, F.Lines[L].Hits,
          ticksText(F.Lines[L].RawTime), Sum.first, Sum.second));
    }
  }
  return Error::success();
}

Error checkHeader(StringRef Data) {
  if (Data.empty())
    return makeError("empty file");
  if (!Magic.starts_with(Data.take_front(Magic.size())))
    return makeError("not a .lprof file (bad magic)");
  if (Data.size() < 12)
    return makeError(fmt::format("file is truncated (the header is {} bytes, "
                                 "found {})",
                                 HeaderSize, Data.size()));
  uint16_t Major = support::endian::read16le(Data.data() + 8);
  uint16_t Minor = support::endian::read16le(Data.data() + 10);
  if (Major != SupportedMajor)
    return makeError(fmt::format("unsupported format version {}.{} (this "
                                 "lprof-report reads {}.x)",
                                 Major, Minor, SupportedMajor));
  if (Data.size() < HeaderSize)
    return makeError(fmt::format("file is truncated (the header is {} bytes, "
                                 "found {})",
                                 HeaderSize, Data.size()));
  uint64_t PayloadSize = support::endian::read64le(Data.data() + 16);
  uint64_t Found = Data.size() - HeaderSize;
  if (PayloadSize > Found)
    return makeError(fmt::format("file is truncated (header says {} payload "
                                 "bytes, found {})",
                                 PayloadSize, Found));
  if (PayloadSize < Found)
    return makeError(fmt::format("file has trailing bytes (header says {} "
                                 "payload bytes, found {})",
                                 PayloadSize, Found));
  uint32_t Crc = support::endian::read32le(Data.data() + 24);
  ArrayRef<uint8_t> Payload(
      reinterpret_cast<const uint8_t *>(Data.data()) + HeaderSize, Found);
  if (crc32(Payload) != Crc)
    return makeError("checksum mismatch: the file is damaged");
  // The checksum does not cover the header: its spare fields must be
  // what this version makes them, or the header is damaged (or from a
  // version that gave them a meaning this reader does not know).
  auto CheckZero = [&](uint64_t Offset, StringRef Field,
                       StringRef Known) -> Error {
    uint32_t Value = support::endian::read32le(Data.data() + Offset);
    if (Value == 0)
      return Error::success();
    if (Minor > KnownMinor)
      return makeError(fmt::format(
          "header {} {:#x}, which this lprof-report cannot read: the file is "
          "format 1.{}, newer than its 1.{}",
          std::string_view(Field), Value, Minor, KnownMinor));
    return makeError(fmt::format("header {} {:#x}, {} in format 1.{} (the "
                                 "header is damaged)",
                                 std::string_view(Field), Value,
                                 std::string_view(Known), Minor));
  };
  if (Error E = CheckZero(12, "flags are", "but no flag is defined"))
    return E;
  if (Error E = CheckZero(28, "reserved field is", "but it must be 0"))
    return E;
  return Error::success();
}

} // namespace

LineMemory &LineMemory::operator+=(const LineMemory &Other) {
  Allocs = SaturatingAdd(Allocs, Other.Allocs);
  AllocBytes = SaturatingAdd(AllocBytes, Other.AllocBytes);
  Frees = SaturatingAdd(Frees, Other.Frees);
  FreedBytes = SaturatingAdd(FreedBytes, Other.FreedBytes);
  RetainedBlocks = SaturatingAdd(RetainedBlocks, Other.RetainedBlocks);
  RetainedBytes = SaturatingAdd(RetainedBytes, Other.RetainedBytes);
  SelfAllocs = SaturatingAdd(SelfAllocs, Other.SelfAllocs);
  SelfAllocBytes = SaturatingAdd(SelfAllocBytes, Other.SelfAllocBytes);
  return *this;
}

RunMemory &RunMemory::operator+=(const RunMemory &Other) {
  Allocs = SaturatingAdd(Allocs, Other.Allocs);
  AllocBytes = SaturatingAdd(AllocBytes, Other.AllocBytes);
  Frees = SaturatingAdd(Frees, Other.Frees);
  FreedBytes = SaturatingAdd(FreedBytes, Other.FreedBytes);
  UntrackedFrees = SaturatingAdd(UntrackedFrees, Other.UntrackedFrees);
  LiveBytes = SaturatingAdd(LiveBytes, Other.LiveBytes);
  PeakLiveBytes = std::max(PeakLiveBytes, Other.PeakLiveBytes);
  UnattributedAllocs =
      SaturatingAdd(UnattributedAllocs, Other.UnattributedAllocs);
  UnattributedBytes = SaturatingAdd(UnattributedBytes, Other.UnattributedBytes);
  return *this;
}

LineMemory FunctionProfile::totalMemory() const {
  LineMemory Total;
  for (const LineMemory &L : Memory)
    Total += L;
  return Total;
}

double FunctionProfile::rawTotalSeconds() const {
  if (HasSelf)
    return RawOnceTime * TimeUnit;
  double Total = 0;
  for (const LineStats &L : Lines)
    Total += L.RawTime;
  return Total * TimeUnit;
}

void FunctionProfile::deriveOnceTimes() {
  RawOnceTime = NetOnceTime = 0;
  for (LineStats &L : Lines) {
    L.RawSelfTime = L.RawTime;
    L.NetSelfTime = L.NetTime;
    RawOnceTime += L.RawTime;
    NetOnceTime += L.NetTime;
  }
  HasSelf = false;
}

// A function's time is at least its own lines' self time. Net of the
// probes' cost, an activation that makes many profiled calls can read less
// (the calibrated cost of the probes inside it is over-subtracted, and the
// shortfall is clamped at 0): then its lines' net self time is the better
// lower bound, and keeps self <= total. Timing-mode runtimes since issue 10
// write totals that already are (snapshot.c, make_nets_consistent); older
// files and other modes need it here.
double FunctionProfile::netSelfSum() const {
  double Sum = 0;
  for (const LineStats &L : Lines)
    Sum += L.NetSelfTime;
  return Sum;
}

void FunctionProfile::selectTimes(bool Raw) {
  bool Net = HasDetails && !Raw;
  // Time is RawTime unless it is or becomes net; leaving it alone keeps
  // functions made in code with only Time set (tests) as they are.
  if (Net || Compensated) {
    for (LineStats &L : Lines) {
      L.Time = Net ? L.NetTime : L.RawTime;
      L.SelfTime = Net ? L.NetSelfTime : L.RawSelfTime;
    }
    OnceTime = Net ? std::max(NetOnceTime, netSelfSum()) : RawOnceTime;
  } else if (HasSelf) {
    for (LineStats &L : Lines)
      L.SelfTime = L.RawSelfTime;
    OnceTime = RawOnceTime;
  }
  Compensated = Net;
  if (ShowsSelf && HasSelf)
    for (LineStats &L : Lines)
      L.Time = L.SelfTime;
}

double FunctionProfile::totalTime() const {
  if (HasSelf && ShowsSelf)
    return selfTime();
  if (HasSelf)
    return OnceTime;
  double Total = 0;
  for (const LineStats &L : Lines)
    Total += L.Time;
  return Total;
}

double FunctionProfile::selfTime() const {
  if (!HasSelf)
    return totalTime();
  double Total = 0;
  for (const LineStats &L : Lines)
    Total += L.SelfTime;
  return Total;
}

bool FunctionProfile::merge(const FunctionProfile &Other) {
  // Same tick length: keep counting ticks, so the sum renders exactly like a
  // single profile would. Otherwise only seconds are comparable.
  if (Other.TimeUnit != TimeUnit) {
    for (LineStats &L : Lines) {
      L.Time *= TimeUnit;
      L.RawTime *= TimeUnit;
      L.NetTime *= TimeUnit;
      L.SelfTime *= TimeUnit;
      L.RawSelfTime *= TimeUnit;
      L.NetSelfTime *= TimeUnit;
    }
    OnceTime *= TimeUnit;
    RawOnceTime *= TimeUnit;
    NetOnceTime *= TimeUnit;
    TimeUnit = 1;
  }
  double Scale = Other.TimeUnit / TimeUnit;

  bool SameSource = SourceLines == Other.SourceLines;
  // Heap figures of a sum only when every part has them.
  if (hasMemory() && Other.hasMemory()) {
    if (Other.Memory.size() > Memory.size())
      Memory.resize(Other.Memory.size());
    for (size_t I = 0, E = Other.Memory.size(); I != E; ++I)
      Memory[I] += Other.Memory[I];
    PeakBytes = std::max(PeakBytes, Other.PeakBytes);
  } else {
    Memory.clear();
    PeakBytes = 0;
  }
  if (Other.Lines.size() > Lines.size()) {
    Lines.resize(Other.Lines.size());
    SourceLines.insert(SourceLines.end(),
                       Other.SourceLines.begin() + SourceLines.size(),
                       Other.SourceLines.end());
  }
  for (size_t I = 0, E = Other.Lines.size(); I != E; ++I) {
    Lines[I].Hits = SaturatingAdd(Lines[I].Hits, Other.Lines[I].Hits);
    const LineStats &O = Other.Lines[I];
    Lines[I].Time += O.Time * Scale;
    Lines[I].RawTime += O.RawTime * Scale;
    Lines[I].NetTime += O.NetTime * Scale;
    Lines[I].SelfTime += O.SelfTime * Scale;
    Lines[I].RawSelfTime += O.RawSelfTime * Scale;
    Lines[I].NetSelfTime += O.NetSelfTime * Scale;
    Lines[I].Probes = SaturatingAdd(Lines[I].Probes, O.Probes);
    Lines[I].SampleWeight = SaturatingAdd(Lines[I].SampleWeight,
                                          O.SampleWeight);
  }
  OnceTime += Other.OnceTime * Scale;
  RawOnceTime += Other.RawOnceTime * Scale;
  NetOnceTime += Other.NetOnceTime * Scale;
  // Times counted once only where every part has them.
  if (HasSelf != Other.HasSelf) {
    RawOnceTime = NetOnceTime = 0;
    for (LineStats &L : Lines) {
      RawOnceTime += L.RawTime;
      NetOnceTime += L.NetTime;
      L.RawSelfTime = L.RawTime;
      L.NetSelfTime = L.NetTime;
    }
  }
  HasSelf = HasSelf && Other.HasSelf;
  // Net times only where every part has them: never net plus raw.
  HasDetails = HasDetails && Other.HasDetails;
  Modes |= Other.Modes;
  // A sum with a part without details is raw: never net plus raw.
  bool WasNet = Compensated || Other.Compensated;
  Compensated = WasNet;
  selectTimes(/*Raw=*/!WasNet);
  // A sum with a file that does not count calls does not know them either.
  if (Calls && Other.Calls)
    Calls = SaturatingAdd(*Calls, *Other.Calls);
  else
    Calls.reset();
  return SameSource;
}

double ThreadProfile::totalSeconds() const {
  double Total = 0;
  for (const FunctionProfile &F : Functions)
    Total += F.selfSeconds();
  return Total;
}

CallStats &CallStats::operator+=(const CallStats &Other) {
  Calls = SaturatingAdd(Calls, Other.Calls);
  RawSeconds += Other.RawSeconds;
  NetSeconds += Other.NetSeconds;
  return *this;
}

bool Profile::add(FunctionProfile F) {
  Key K(F.File, F.FirstLine, F.Name);
  F.ShowsSelf = Self;
  F.selectTimes(Raw);
  auto It = Functions.find(K);
  if (It == Functions.end()) {
    Functions.emplace(std::move(K), std::move(F));
    return true;
  }
  bool Same = It->second.merge(F);
  It->second.selectTimes(Raw);
  return Same;
}

void Profile::showSelf(bool ShowSelf) {
  Self = ShowSelf;
  for (auto &Entry : Functions)
    Entry.second.ShowsSelf = Self;
  for (InputFile &Input : Inputs)
    for (ThreadProfile &T : Input.Threads)
      for (FunctionProfile &Part : T.Functions)
        Part.ShowsSelf = Self;
  selectTimes(Raw);
}

void Profile::selectTimes(bool RawTimes) {
  Raw = RawTimes;
  for (auto &Entry : Functions)
    Entry.second.selectTimes(Raw);
  // A thread's part is net only if its function's total is, so that its
  // share of the function compares like with like.
  for (InputFile &Input : Inputs)
    for (ThreadProfile &T : Input.Threads)
      for (FunctionProfile &Part : T.Functions) {
        const FunctionProfile &Whole =
            Functions.at(Key(Part.File, Part.FirstLine, Part.Name));
        Part.selectTimes(Raw || !Whole.Compensated);
      }
}

bool Profile::anyCompensated() const {
  for (const auto &Entry : Functions)
    if (Entry.second.Compensated)
      return true;
  return false;
}

void Profile::addFile(std::string Path, ProfileFile File,
                      function_ref<void(const FunctionProfile &)>
                          OnSourceMismatch) {
  for (FunctionProfile &F : File.Functions) {
    Key K(F.File, F.FirstLine, F.Name);
    if (!add(std::move(F)))
      OnSourceMismatch(Functions.at(K));
  }
  for (const auto &[Key, Stats] : File.Calls)
    Calls[Key] += Stats;
  Inputs.push_back({std::move(Path), std::move(File.Run),
                    std::move(File.Threads)});
  // Threads read so far may have to follow a function that became raw.
  selectTimes(Raw);
}

bool Profile::hasMemory() const {
  return !Inputs.empty() && all_of(Inputs, [](const InputFile &Input) {
    return Input.Run.Memory.has_value();
  });
}

RunMemory Profile::runMemory() const {
  RunMemory Total;
  for (const InputFile &Input : Inputs)
    if (Input.Run.Memory)
      Total += *Input.Run.Memory;
  return Total;
}

std::optional<double> Profile::commonSecondsPerTick() const {
  if (Inputs.empty())
    return std::nullopt;
  double Tick = Inputs.front().Run.SecondsPerTick;
  for (const InputFile &Input : Inputs)
    if (Input.Run.SecondsPerTick != Tick)
      return std::nullopt;
  return Tick;
}

double Profile::totalSeconds() const {
  double Total = 0;
  for (const auto &Entry : Functions)
    Total += Entry.second.selfSeconds();
  return Total;
}

Expected<ProfileFile> parseProfile(StringRef Data) {
  if (Error E = checkHeader(Data))
    return E;

  ProfileFile Result;
  uint16_t Minor = support::endian::read16le(Data.data() + 10);
  if (Minor > KnownMinor)
    Result.Notes.push_back(fmt::format(
        "format 1.{} is newer than this lprof-report's 1.{}: what it adds is "
        "not shown",
        Minor, KnownMinor));
  bool SeenProg = false;
  TickSums Sums;
  // Not a DenseSet: any u32 is a valid thread number, including the two
  // values DenseSet reserves.
  std::unordered_set<uint32_t> ThreadNumbers;
  // Which functions have had their MEMF record.
  std::vector<bool> MemfSeen;
  StringRef Payload = Data.drop_front(HeaderSize);
  uint64_t Pos = 0;
  while (Pos < Payload.size()) {
    uint64_t Offset = HeaderSize + Pos; // File offset, for messages.
    uint64_t Left = Payload.size() - Pos;
    if (Left < RecordHeaderSize)
      return makeError(fmt::format("payload ends inside a record header at "
                                   "offset {} ({} left, a record header is "
                                   "{})",
                                   Offset, count(Left, "byte"),
                                   RecordHeaderSize));
    StringRef Tag = Payload.substr(Pos, 4);
    uint64_t Length = support::endian::read64le(Payload.data() + Pos + 8);
    Pos += RecordHeaderSize;
    Left -= RecordHeaderSize;
    std::string What = fmt::format("{} record at offset {}", tagName(Tag),
                                   Offset);
    if (Length > Left)
      return makeError(fmt::format("{}: length {} runs past the end of the "
                                   "payload ({} left)",
                                   What, Length, count(Left, "byte")));
    RecordCursor C(Payload.substr(Pos, Length), What);
    Pos += Length;

    if (!SeenProg && Tag != "PROG")
      return makeError(fmt::format("missing PROG record (the first record, "
                                   "at offset {}, is {})",
                                   Offset, tagName(Tag)));
    if (Tag == "PROG") {
      if (SeenProg)
        return makeError(fmt::format("second PROG record at offset {} (a file "
                                     "holds exactly one)",
                                     Offset));
      Expected<RunInfo> Run = parseProg(C);
      if (!Run)
        return Run.takeError();
      Result.Run = std::move(*Run);
      SeenProg = true;
    } else if (Tag == "FUNC") {
      // THRD and MEMF records index the FUNC records, so those must all
      // come first.
      if (Result.Run.Memory)
        return makeError(fmt::format("{} follows the MEMR record (all FUNC "
                                     "records come first)",
                                     What));
      if (!Result.Threads.empty())
        return makeError(fmt::format("{} follows a THRD record (all FUNC "
                                     "records come first)",
                                     What));
      if (!Result.Calls.empty())
        return makeError(fmt::format("{} follows an EDGE record (all FUNC "
                                     "records come first)",
                                     What));
      Expected<FunctionProfile> F = parseFunc(C, Result.Run.SecondsPerTick);
      if (!F)
        return F.takeError();
      Result.Functions.push_back(std::move(*F));
    } else if (Tag == "THRD") {
      if (Result.Run.Memory)
        return makeError(fmt::format("{} follows the MEMR record (all THRD "
                                     "records come before it)",
                                     What));
      Sums.resize(Result.Functions.size());
      Expected<ThreadProfile> T = parseThrd(C, Result.Functions, Sums);
      if (!T)
        return T.takeError();
      if (!ThreadNumbers.insert(T->Thread).second)
        return makeError(fmt::format("{}: second THRD record for thread {}",
                                     What, T->Thread));
      Result.Threads.push_back(std::move(*T));
    } else if (Tag == "EDGE") {
      if (Error E = parseEdge(C, Result.Functions, Result.Run.SecondsPerTick,
                              Result.Calls))
        return E;
    } else if (Tag == "MEMR") {
      if (Result.Run.Memory)
        return makeError(fmt::format("second MEMR record at offset {} (a file "
                                     "holds at most one)",
                                     Offset));
      Expected<RunMemory> M = parseMemr(C);
      if (!M)
        return M.takeError();
      Result.Run.Memory = *M;
      // A function without a MEMF record allocated and freed nothing.
      for (FunctionProfile &F : Result.Functions)
        F.Memory.assign(F.Lines.size(), LineMemory());
      MemfSeen.assign(Result.Functions.size(), false);
    } else if (Tag == "MEMF") {
      if (!Result.Run.Memory)
        return makeError(fmt::format("{}: no MEMR record before it (a file "
                                     "with MEMF records has a MEMR record "
                                     "first)",
                                     What));
      if (Error E = parseMemf(C, Result.Functions, MemfSeen))
        return E;
    } else if (Tag == "LOAD") {
      if (Result.Run.Load)
        return makeError(fmt::format("second LOAD record at offset {} (a file "
                                     "holds at most one)",
                                     Offset));
      Expected<RunLoad> L = parseLoad(C);
      if (!L)
        return L.takeError();
      Result.Run.Load = std::move(*L);
    }
    // Other tags belong to later minor versions: skipped.
  }
  if (!SeenProg)
    return makeError("missing PROG record (the file has no records)");
  if (!Result.Threads.empty())
    if (Error E = checkThreadSums(Result.Functions, Sums))
      return E;
  return Result;
}

Expected<ProfileFile> readProfile(StringRef Path) {
  auto Prefixed = [&](Error E) {
    return makeError(Path.str() + ": " + toString(std::move(E)));
  };
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return makeError(Path.str() + ": " + Buffer.getError().message());
  Expected<ProfileFile> Result = parseProfile((*Buffer)->getBuffer());
  if (!Result)
    return Prefixed(Result.takeError());
  return Result;
}

} // namespace lineprof
