package dev.ersatz.engine.corpus;

import dev.ersatz.engine.audio.AudioData;
import java.nio.file.Path;

/** One decoded file of the corpus: where it came from and its samples (at the rate it was loaded at). */
public record Clip(Path source, AudioData audio) { }
