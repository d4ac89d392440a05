package dev.postern.imap.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets for the IMAP pre-auth decoder: never an exception, never more values than the
 * bytes allow, every value well-formed, every buffer released (see {@link ImapDecoderFuzzRun}).
 * Without {@code JAZZER_FUZZ} each method runs its seed inputs from
 * {@code src/test/resources/dev/postern/imap/codec/ImapCommandDecoderFuzzTestInputs/<method>/}.
 */
class ImapCommandDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void commandsInArbitraryReads(FuzzedDataProvider data) {
        ImapDecoderFuzzRun.run(data, false);
    }

    @FuzzTest(maxDuration = "60s")
    void continuationLinesInArbitraryReads(FuzzedDataProvider data) {
        ImapDecoderFuzzRun.run(data, true);
    }
}
