//! The transformer's gradients are right: candle's automatic differentiation agrees with central
//! differences on a tiny double-precision network, weight by weight; and a short run from the seed
//! lowers the loss.

use candle_core::{DType, Device, Tensor, Var};
use genai_neural::transformer::{Recipe, Shape, Trainer, Transformer};

type TestResult = Result<(), Box<dyn std::error::Error>>;
/// The cross-entropy of a tiny double-precision network on fixed pieces.
fn tiny_loss(net: &Transformer, ids: &Tensor, targets: &Tensor) -> candle_core::Result<Tensor> {
    let logits = net
        .logits(ids)
        .map_err(|e| candle_core::Error::Msg(e.to_string()))?;
    let (b, t, v) = logits.dims3()?;
    candle_nn::loss::cross_entropy(&logits.reshape((b * t, v))?, &targets.reshape(b * t)?)
}

fn nudge(var: &Var, index: usize, by: f64) -> candle_core::Result<()> {
    let shape = var.shape().clone();
    let mut values = var.flatten_all()?.to_vec1::<f64>()?;
    if let Some(value) = values.get_mut(index) {
        *value += by;
    }
    var.set(&Tensor::from_vec(values, shape, &Device::Cpu)?)
}

#[test]
fn gradients_match_central_differences() -> TestResult {
    let shape = Shape {
        vocab: 7,
        context: 5,
        width: 8,
        heads: 2,
        blocks: 2,
    };
    let net = Transformer::new(shape, 3, DType::F64)?;
    let ids = Tensor::from_vec(vec![0u32, 3, 5, 2, 6, 0, 1, 1, 4, 3], (2, 5), &Device::Cpu)?;
    let targets = Tensor::from_vec(vec![3u32, 5, 2, 6, 1, 1, 1, 4, 3, 2], (2, 5), &Device::Cpu)?;
    let grads = tiny_loss(&net, &ids, &targets)?.backward()?;
    let h = 1e-6;
    let mut checked = 0;
    for (name, var) in net.named_weights() {
        let grad = grads.get(var).ok_or(format!("no gradient for {name}"))?;
        let grad = grad.flatten_all()?.to_vec1::<f64>()?;
        let count = var.elem_count();
        for index in [0, count / 3, count / 2, count - 1] {
            nudge(var, index, h)?;
            let up = tiny_loss(&net, &ids, &targets)?.to_scalar::<f64>()?;
            nudge(var, index, -2.0 * h)?;
            let down = tiny_loss(&net, &ids, &targets)?.to_scalar::<f64>()?;
            nudge(var, index, h)?;
            let numeric = (up - down) / (2.0 * h);
            let analytic = grad[index];
            let scale = numeric.abs().max(analytic.abs()).max(1e-6);
            assert!(
                (numeric - analytic).abs() / scale < 1e-4 || (numeric - analytic).abs() < 1e-8,
                "{name}[{index}]: autodiff {analytic}, central difference {numeric}"
            );
            checked += 1;
        }
    }
    assert!(checked > 50);
    Ok(())
}

#[test]
fn a_short_run_lowers_the_loss() -> TestResult {
    let recipe = Recipe {
        context: 16,
        width: 16,
        heads: 2,
        blocks: 1,
        batch: 4,
        steps: 30,
        warmup: 5,
        learning_rate: 1e-2,
        ..Recipe::default()
    };
    let (_, log) = Trainer::new(&recipe)?.run(|_| {})?;
    let first = log.steps.first().ok_or("no steps")?.loss;
    let last: f64 = log.steps.iter().rev().take(5).map(|s| s.loss).sum::<f64>() / 5.0;
    assert!(last < first - 1.0, "the loss went from {first} to {last}");
    let held = log.held_out.iter().map(|h| h.loss).collect::<Vec<_>>();
    assert!(held.last() < held.first(), "held-out loss {held:?}");
    Ok(())
}
