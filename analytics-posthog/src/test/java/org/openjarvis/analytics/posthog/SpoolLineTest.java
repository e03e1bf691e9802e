package org.openjarvis.analytics.posthog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class SpoolLineTest {

    @Test
    void linesReadBackAsTheSameEventsWithTheirUuids() throws CorruptSpoolFileException {
        List<BatchQueue.Entry> batch = List.of(entry("{\"uuid\":\"a\",\"event\":\"x\"}"),
                entry("{\"properties\":{\"uuid\":1},\"uuid\":\"b\"}"));

        byte[] content = SpoolLine.lines(batch);

        assertThat(new String(content, StandardCharsets.UTF_8))
                .isEqualTo("{\"uuid\":\"a\",\"event\":\"x\"}\n{\"properties\":{\"uuid\":1},\"uuid\":\"b\"}\n");
        List<BatchQueue.Entry> read = SpoolLine.parse(content);
        assertThat(read).hasSize(2);
        assertThat(read.get(0).json()).isEqualTo(batch.get(0).json());
        assertThat(read.get(1).json()).isEqualTo(batch.get(1).json());
    }

    @Test
    void contentThisSinkDidNotWriteIsCorrupt() {
        for (String content : List.of("", "{\"uuid\":\"a\"}", "{\"uuid\":\"a\"}\n{\"uuid\":", "[1]\n", "{}\n",
                "{\"uuid\":7}\n", "{\"uuid\":\"a\"} {}\n", "{\"uuid\":\"a\"\n", "\u0000\n")) {
            assertThatThrownBy(() -> SpoolLine.parse(content.getBytes(StandardCharsets.UTF_8))).as(content)
                    .isInstanceOf(CorruptSpoolFileException.class);
        }
    }

    private static BatchQueue.Entry entry(String json) {
        return new BatchQueue.Entry(json.getBytes(StandardCharsets.UTF_8));
    }
}
