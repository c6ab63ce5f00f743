package dev.producttagger.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.producttagger.schemas.events.FashionCategories;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkCopiesTest {

  @Test
  void theFirstCallerGetsTheNetworkItselfAndACallerMeanwhileACopyThatAnswersTheSame() {
    MultiLayerNetwork network = TestModels.tinyNetwork(7, FashionCategories.NAMES.size());
    NetworkCopies copies = new NetworkCopies(network);

    MultiLayerNetwork first = copies.acquire();
    MultiLayerNetwork second = copies.acquire();

    assertSame(network, first);
    assertNotSame(first, second);
    INDArray images = Nd4j.rand(DataType.FLOAT, 3, 1, ModelInput.SIDE, ModelInput.SIDE);
    assertArrayEquals(
        first.output(images, false).data().asFloat(),
        second.output(images, false).data().asFloat(),
        1e-6f);
  }

  @Test
  void aReleasedNetworkServesTheNextCallerInsteadOfANewCopy() {
    NetworkCopies copies =
        new NetworkCopies(TestModels.tinyNetwork(7, FashionCategories.NAMES.size()));
    MultiLayerNetwork first = copies.acquire();
    MultiLayerNetwork second = copies.acquire();

    copies.release(second);
    copies.release(first);

    assertSame(first, copies.acquire());
    assertSame(second, copies.acquire());
  }
}
